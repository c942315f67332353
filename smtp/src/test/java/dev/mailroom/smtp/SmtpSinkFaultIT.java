package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailroom.testing.SmtpSink;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine against Postfix's own fault injection: smtp-sink rejecting (4xx with {@code -r},
 * 5xx with {@code -f}), hanging up after ({@code -q}) or answering 421 to ({@code -Q}) one
 * command, with and without PIPELINING. Each case states every recipient's outcome; nothing
 * is ever "delivered" that smtp-sink did not accept. The 421 cases match what Postfix 3.7's
 * smtp(8) logged against the same smtp-sink: the recipient refused with 421 gets that reply
 * (4.0.0), the next one "lost connection" (4.4.2).
 */
final class SmtpSinkFaultIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "smtp-sink {0} {1}, pipelining={2} -> {3}")
    @CsvSource(delimiter = ';', value = {
        "-r; rcpt; true; deferred 4.3.0|deferred 4.3.0",
        "-f; rcpt; true; bounced 5.3.0|bounced 5.3.0",
        "-r; mail; true; deferred 4.3.0|deferred 4.3.0",
        "-f; mail; false; bounced 5.3.0|bounced 5.3.0",
        "-r; data; true; deferred 4.3.0|deferred 4.3.0",
        "-f; data; false; bounced 5.3.0|bounced 5.3.0",
        "-r; .; true; deferred 4.3.0|deferred 4.3.0",
        "-f; .; true; bounced 5.3.0|bounced 5.3.0",
        "-q; rcpt; false; deferred 4.4.2|deferred 4.4.2",
        "-q; data; true; deferred 4.4.2|deferred 4.4.2",
        "-q; .; true; deferred 4.4.2|deferred 4.4.2",
        "-Q; mail; false; deferred 4.0.0|deferred 4.0.0",
        "-Q; rcpt; true; deferred 4.0.0|deferred 4.4.2",
        "-Q; rcpt; false; deferred 4.0.0|deferred 4.4.2",
        "-q; ehlo; true; deferred 4.4.2|deferred 4.4.2",
    })
    void smtpSinkFault_givesPostfixOutcomeForEveryRecipient(String option, String command, boolean pipelining,
            String expected) throws Exception {
        List<String> options = pipelining ? List.of(option, command) : List.of("-p", option, command);
        try (SmtpSink sink = SmtpSink.start(dir, options.toArray(String[]::new));
                SmtpClient client = SmtpClient.create(Peers.fast().build())) {
            DeliveryReport report = client.deliver("[127.0.0.1]:" + sink.port(),
                    Envelope.of("a@example.org", "b@example.net", "c@example.net"), MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of(expected.split("\\|")), Peers.outcomes(report.results()),
                    () -> report.results() + "\nsmtp-sink: " + log(sink));
        }
    }

    private static String log(SmtpSink sink) {
        try {
            return sink.log();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
