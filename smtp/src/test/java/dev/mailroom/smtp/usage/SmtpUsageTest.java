package dev.mailroom.smtp.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.smtp.DeliveryReport;
import dev.mailroom.smtp.Dns;
import dev.mailroom.smtp.Envelope;
import dev.mailroom.smtp.MessageContent;
import dev.mailroom.smtp.RecipientResult;
import dev.mailroom.smtp.SmtpClient;
import dev.mailroom.smtp.SmtpOptions;
import dev.mailroom.testing.ScriptedSmtpServer;
import dev.mailroom.testing.ServerAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Uses only the exported API, as an application would. */
@Timeout(30)
final class SmtpUsageTest {

    @Test
    void application_sendsThroughSmarthost_andSwitchesOnEachResult() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", "<nobody@", ServerAction.reply("550 5.1.1 unknown")).start();
                SmtpClient client = SmtpClient.create(SmtpOptions.builder().heloName("app.example.org").build(),
                        Dns.table().build())) {
            DeliveryReport report = client.deliver("[127.0.0.1]:" + server.port(),
                    Envelope.of("app@example.org", "bob@example.net", "nobody@example.net"),
                    MessageContent.of("Subject: hi\n\nhello\n".getBytes(StandardCharsets.US_ASCII)));
            StringBuilder log = new StringBuilder();
            for (RecipientResult r : report.results()) {
                String line;
                if (r instanceof RecipientResult.Delivered d) {
                    line = "sent " + d.recipient() + " as " + d.queueId().orElse("?");
                } else if (r instanceof RecipientResult.Bounced b) {
                    line = "bounce " + b.recipient() + " " + b.status();
                } else {
                    line = "retry " + r.recipient();
                }
                log.append(line).append('\n');
            }
            assertTrue(log.toString().startsWith("sent bob@example.net as "), log.toString());
            assertTrue(log.toString().contains("bounce nobody@example.net 5.1.1"), log.toString());
            assertEquals(1, report.bounced().size());
        }
    }
}
