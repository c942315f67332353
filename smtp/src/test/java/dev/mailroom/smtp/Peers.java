package dev.mailroom.smtp;

import dev.mailroom.testing.ScriptedSmtpServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Shared helpers for tests against {@link ScriptedSmtpServer}. */
final class Peers {

    static final byte[] MESSAGE = ("From: a@example.org\r\nTo: b@example.net\r\nSubject: test\r\n\r\nhello\r\n.\r\n"
            + "after a lone dot\r\n").getBytes(StandardCharsets.US_ASCII);

    private Peers() {
    }

    static Endpoint endpoint(ScriptedSmtpServer server) {
        return Endpoint.tcp("mx.scripted.test", InetAddress.getLoopbackAddress(), server.port());
    }

    static SmtpOptions.Builder fast() {
        return SmtpOptions.builder().heloName("client.example.org").timeouts(SmtpTimeouts.all(Duration.ofSeconds(5)));
    }

    static List<String> outcomes(List<RecipientResult> results) {
        return results.stream().map(Peers::outcome).toList();
    }

    static String outcome(RecipientResult r) {
        String kind = r instanceof RecipientResult.Delivered ? "delivered"
                : r instanceof RecipientResult.Deferred ? "deferred" : "bounced";
        return kind + " " + r.status();
    }

    static List<String> commandVerbs(ScriptedSmtpServer server) {
        return server.sessions().stream().flatMap(s -> s.commands().stream())
                .map(c -> c.split("[ :]")[0]).toList();
    }
}
