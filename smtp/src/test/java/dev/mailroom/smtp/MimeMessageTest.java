package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.ScriptedSmtpServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class MimeMessageTest {

    @Test
    void mimeMessage_envelopeFromHeaders_bccNotTransmitted() throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("alice@example.org"));
        m.setRecipients(Message.RecipientType.TO, "bob@example.net, carol@example.net");
        m.setRecipients(Message.RecipientType.BCC, "hidden@example.net");
        m.setSubject("hello");
        m.setText("caf\u00e9 au lait\n", "UTF-8", "plain");
        m.saveChanges();
        Envelope env = Envelope.fromHeaders(m);
        assertEquals("alice@example.org", env.sender().toString());
        assertEquals(List.of("bob@example.net", "carol@example.net", "hidden@example.net"),
                env.recipients().stream().map(Recipient::toString).toList());
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            List<RecipientResult> r = s.send(env, MessageContent.of(m));
            assertEquals(3, r.stream().filter(x -> x instanceof RecipientResult.Delivered).count());
            String text = server.messages().get(0).text();
            assertTrue(text.contains("Subject: hello"), text);
            assertFalse(text.contains("hidden@"), text);
        }
    }
}
