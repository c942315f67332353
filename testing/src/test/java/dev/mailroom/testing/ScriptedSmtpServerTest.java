package dev.mailroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ScriptedSmtpServerTest {

    @Test
    void defaultServer_acceptsMessage_undoesDotStuffing_andRecordsTranscript() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                LineClient c = new LineClient(server.port())) {
            assertTrue(c.reply().get(0).startsWith("220 "));
            c.send("EHLO client.test\r\n");
            List<String> ehlo = c.reply();
            assertTrue(ehlo.contains("250-PIPELINING"), ehlo.toString());
            assertEquals("250 CHUNKING", ehlo.get(ehlo.size() - 1));
            c.send("MAIL FROM:<a@x.test> SIZE=10\r\n");
            assertEquals(List.of("250 2.1.0 Ok"), c.reply());
            c.send("RCPT TO:<b@y.test>\r\n");
            assertEquals(List.of("250 2.1.5 Ok"), c.reply());
            c.send("DATA\r\n");
            assertTrue(c.reply().get(0).startsWith("354 "));
            c.send("Subject: t\r\n\r\n..leading dot\r\n.\r\n");
            assertTrue(c.reply().get(0).startsWith("250 2.0.0 Ok: queued as "));
            c.send("QUIT\r\n");
            assertEquals(List.of("221 2.0.0 Bye"), c.reply());
        }
        // the server is closed; its records stay readable
    }

    @Test
    void messages_keepWireBytes_andUnstuffedContent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            try (LineClient c = new LineClient(server.port())) {
                c.reply();
                c.send("EHLO c\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\nDATA\r\n");
                c.reply();
                c.reply();
                c.reply();
                c.reply();
                c.send("..x\r\nbare\nlf\r\n.\r\n");
                c.reply();
            }
            ReceivedMessage m = server.messages().get(0);
            assertEquals("<a@x.test>", m.mailFrom());
            assertEquals(List.of("<b@y.test>"), m.recipients());
            assertEquals("..x\r\nbare\nlf\r\n", new String(m.wire(), StandardCharsets.US_ASCII));
            assertEquals(".x\r\nbare\nlf\r\n", m.text());
        }
    }

    @Test
    void rule_rejectsOneRecipient_whichIsNotRecorded() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", "<bad@", ServerAction.reply("550 5.1.1 no such user"))
                .start()) {
            try (LineClient c = new LineClient(server.port())) {
                c.reply();
                c.send("EHLO c\r\n");
                c.reply();
                c.send("MAIL FROM:<>\r\n");
                c.reply();
                c.send("RCPT TO:<bad@y.test>\r\n");
                assertEquals(List.of("550 5.1.1 no such user"), c.reply());
                c.send("RCPT TO:<good@y.test>\r\n");
                assertEquals(List.of("250 2.1.5 Ok"), c.reply());
                c.send("DATA\r\n");
                c.reply();
                c.send("x\r\n.\r\n");
                c.reply();
            }
            assertEquals(List.of("<good@y.test>"), server.messages().get(0).recipients());
        }
    }

    @Test
    void ruleWithCount_appliesOnlyThatManyTimes() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("MAIL", "", ServerAction.reply("451 4.3.0 try again"), 1)
                .start();
                LineClient c = new LineClient(server.port())) {
            c.reply();
            c.send("EHLO c\r\n");
            c.reply();
            c.send("MAIL FROM:<a@x.test>\r\n");
            assertEquals(List.of("451 4.3.0 try again"), c.reply());
            c.send("MAIL FROM:<a@x.test>\r\n");
            assertEquals(List.of("250 2.1.0 Ok"), c.reply());
        }
    }

    @Test
    void multilineReply_isSentLineByLine() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .greeting(ServerAction.reply("220-first\n220-second\n220 last"))
                .start();
                LineClient c = new LineClient(server.port())) {
            assertEquals(List.of("220-first", "220-second", "220 last"), c.reply());
        }
    }

    @Test
    void drop_closesConnectionWithoutReply() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().on("DATA", ServerAction.drop()).start();
                LineClient c = new LineClient(server.port())) {
            c.reply();
            c.send("EHLO c\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\n");
            c.reply();
            c.reply();
            c.reply();
            c.send("DATA\r\n");
            assertNull(c.line());
        }
    }

    @Test
    void delay_holdsTheReply() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("NOOP", ServerAction.delay(Duration.ofMillis(300), ServerAction.reply("250 late")))
                .start();
                LineClient c = new LineClient(server.port())) {
            c.reply();
            long t0 = System.nanoTime();
            c.send("NOOP\r\n");
            assertEquals(List.of("250 late"), c.reply());
            assertTrue(System.nanoTime() - t0 >= 250_000_000L);
        }
    }

    @Test
    void bdatChunks_areJoined_andAcceptedAtLast() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            try (LineClient c = new LineClient(server.port())) {
                c.reply();
                c.send("EHLO c\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\n");
                c.reply();
                c.reply();
                c.reply();
                c.send("BDAT 5\r\nhello");
                assertEquals(List.of("250 2.0.0 Ok: 5 octets"), c.reply());
                c.send("BDAT 7 LAST\r\n\r\n.\r\nxy");
                assertTrue(c.reply().get(0).startsWith("250 2.0.0 Ok: queued as"));
            }
            assertEquals("hello\r\n.\r\nxy", server.messages().get(0).text());
        }
    }

    @Test
    void lmtp_answersOncePerRecipientAfterData() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().lmtp()
                .lmtpReply("<full@", ServerAction.reply("452 4.2.2 mailbox full"))
                .start()) {
            try (LineClient c = new LineClient(server.port())) {
                assertTrue(c.reply().get(0).contains("LMTP"));
                c.send("EHLO c\r\n");
                assertTrue(c.reply().get(0).startsWith("500"));
                c.send("LHLO c\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<ok@y.test>\r\nRCPT TO:<full@y.test>\r\nDATA\r\n");
                c.reply();
                c.reply();
                c.reply();
                c.reply();
                c.reply();
                c.send("x\r\n.\r\n");
                assertTrue(c.reply().get(0).startsWith("250 2.1.5 <ok@y.test>"));
                assertEquals(List.of("452 4.2.2 mailbox full"), c.reply());
            }
            assertEquals(List.of("<ok@y.test>"), server.messages().get(0).recipients());
        }
    }

    @Test
    void startTls_upgradesAndForgetsGreeting_andOffersNoStartTlsAfterwards() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .tls(pki.issue("mx.scripted.test", "mx.scripted.test").serverContext())
                .start()) {
            try (LineClient c = new LineClient(server.port())) {
                c.reply();
                c.send("EHLO c\r\n");
                List<String> before = c.reply();
                assertEquals("250 STARTTLS", before.get(before.size() - 1));
                c.send("STARTTLS\r\n");
                assertEquals(List.of("220 2.0.0 Ready to start TLS"), c.reply());
                c.upgrade(pki.clientContext());
                c.send("MAIL FROM:<a@x.test>\r\n");
                assertTrue(c.reply().get(0).startsWith("503"), "EHLO is required again after TLS");
                c.send("EHLO c\r\n");
                List<String> caps = c.reply();
                assertTrue(caps.stream().noneMatch(l -> l.contains("STARTTLS")), caps.toString());
            }
            assertNotNull(server.sessions().get(0).tlsProtocol());
        }
    }

    @Test
    void injectAfterStartTls_sendsExtraBytesBeforeHandshake() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .tls(pki.issue("mx", "mx.scripted.test").serverContext())
                .on("STARTTLS", ServerAction.injectAfter("220 2.0.0 Ready", "250 injected\r\n"))
                .start();
                LineClient c = new LineClient(server.port())) {
            c.reply();
            c.send("STARTTLS\r\n");
            assertEquals(List.of("220 2.0.0 Ready"), c.reply());
            assertEquals("250 injected", c.line());
        }
    }

    @Test
    void implicitTls_handshakesFirst() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .tls(pki.issue("mx", "mx.scripted.test").serverContext())
                .implicitTls()
                .start();
                LineClient c = LineClient.tls(server.port(), pki.clientContext())) {
            assertTrue(c.reply().get(0).startsWith("220 "));
            c.send("EHLO c\r\n");
            assertTrue(c.reply().stream().noneMatch(l -> l.contains("STARTTLS")));
        }
    }
}
