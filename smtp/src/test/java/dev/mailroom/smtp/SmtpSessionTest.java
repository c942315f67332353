package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.ReceivedMessage;
import dev.mailroom.testing.ScriptedSmtpServer;
import dev.mailroom.testing.ServerAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class SmtpSessionTest {

    @Test
    void send_pipelinedData_deliversEveryRecipientWithQueueId() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().chunking(false).build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net", "c@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0", "delivered 2.0.0"), Peers.outcomes(r));
            RecipientResult.Delivered d = (RecipientResult.Delivered) r.get(0);
            assertTrue(d.queueId().isPresent(), d.toString());
            ReceivedMessage m = server.messages().get(0);
            assertEquals(List.of("<b@example.net>", "<c@example.net>"), m.recipients().stream()
                    .map(x -> x.contains("<") ? x.substring(x.indexOf('<'), x.indexOf('>') + 1) : x).toList());
            assertTrue(m.text().contains("hello\r\n.\r\nafter a lone dot"), m.text());
            List<String> cmds = server.sessions().get(0).commands();
            assertTrue(cmds.contains("DATA"), cmds.toString());
        }
    }

    @Test
    void send_chunkingOffered_usesBdatAndDeliversIdenticalContent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r));
            assertTrue(server.sessions().get(0).commands().stream().anyMatch(c -> c.startsWith("BDAT")));
            assertTrue(server.messages().get(0).text().contains("hello\r\n.\r\nafter a lone dot"));
        }
    }

    @Test
    void send_twiceOnOneSession_reusesTheConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            s.send(Envelope.of("a@example.org", "b@example.net"), MessageContent.of(Peers.MESSAGE));
            s.reset();
            s.send(Envelope.of("a@example.org", "c@example.net"), MessageContent.of(Peers.MESSAGE));
            assertEquals(1, server.sessions().size());
            assertEquals(2, server.messages().size());
            assertEquals(2, s.transactions());
        }
    }

    @Test
    void send_pipelinedMixedRcptReplies_reportsEachRecipientAndDeliversOnlyAccepted() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", "<gone@", ServerAction.reply("550 5.1.1 <gone@example.net>: no such user"))
                .on("RCPT", "<busy@", ServerAction.reply("450 4.2.0 <busy@example.net>: try later"))
                .on("RCPT", "<old@", ServerAction.reply("551 user not local"))
                .start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().chunking(false).build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "ok1@example.net", "gone@example.net",
                    "busy@example.net", "old@example.net", "ok2@example.net"), MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0", "bounced 5.1.1", "deferred 4.2.0", "bounced 5.0.0",
                    "delivered 2.0.0"), Peers.outcomes(r));
            assertTrue(r.get(1).diagnostic().contains("550 5.1.1 <gone@example.net>: no such user (in reply to "
                    + "RCPT TO command)"), r.get(1).diagnostic());
            assertEquals(2, server.messages().get(0).recipients().size());
        }
    }

    @Test
    void send_withoutPipelining_sendsOneCommandAtATimeAndStopsAfterMailRejected() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("ENHANCEDSTATUSCODES")
                .on("MAIL", ServerAction.reply("553 5.7.1 sender rejected")).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net", "c@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("bounced 5.7.1", "bounced 5.7.1"), Peers.outcomes(r));
            assertFalse(Peers.commandVerbs(server).contains("RCPT"));
        }
    }

    @Test
    void send_multilineRcptReply_keepsEveryLine() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", ServerAction.reply("550-5.7.1 first line\n550-5.7.1 second line\n550 5.7.1 last line"))
                .start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            RecipientResult r = s.send(Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE)).get(0);
            assertEquals("bounced 5.7.1", Peers.outcome(r));
            assertEquals("first line second line last line", r.reply().orElseThrow().text());
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void send_allRecipientsRejected_sendsNoMessageAndStaysUsable() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", ServerAction.reply("550 5.1.1 no"))
                .start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().chunking(false).build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("bounced 5.1.1"), Peers.outcomes(r));
            assertTrue(server.messages().isEmpty());
            assertFalse(s.isBroken());
            s.noop();
        }
    }

    @Test
    void send_smtpUtf8NeededButNotOffered_bounces567WithoutSendingMail() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .capabilities("PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES").start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "jösé@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("bounced 5.6.7"), Peers.outcomes(r));
            assertTrue(r.get(0).diagnostic().contains("SMTPUTF8 is required, but was not offered"));
            assertFalse(Peers.commandVerbs(server).contains("MAIL"));
        }
    }

    @Test
    void send_smtpUtf8Offered_sendsSmtpUtf8Parameter() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "jösé@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r));
            String mail = server.sessions().get(0).commands().stream().filter(c -> c.startsWith("MAIL")).findFirst()
                    .orElseThrow();
            assertTrue(mail.endsWith(" SMTPUTF8") || mail.contains(" SMTPUTF8 "), mail);
        }
    }

    @Test
    void send_messageOverServerSizeLimit_bounces534BeforeSending() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .capabilities("PIPELINING", "SIZE 50", "ENHANCEDSTATUSCODES").start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("bounced 5.3.4"), Peers.outcomes(r));
            assertFalse(Peers.commandVerbs(server).contains("MAIL"));
        }
    }

    @Test
    void send_dsnOffered_sendsSizeBodyRetEnvidNotifyOrcpt() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            byte[] eight = "Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
            Envelope env = new Envelope(dev.mailroom.address.MailAddress.parse("a@example.org"),
                    List.of(new Recipient(dev.mailroom.address.MailAddress.parse("b@example.net"),
                            Set.of(DsnNotify.FAILURE, DsnNotify.DELAY), Optional.of("b+x@example.net"))),
                    Optional.of(DsnReturn.HEADERS), Optional.of("id 1+2"));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(s.send(env, MessageContent.of(eight))));
            List<String> cmds = server.sessions().get(0).commands();
            assertTrue(cmds.contains("MAIL FROM:<a@example.org> SIZE=" + eight.length
                    + " BODY=8BITMIME RET=HDRS ENVID=id+201+2B2"), cmds.toString());
            assertTrue(cmds.contains("RCPT TO:<b@example.net> NOTIFY=FAILURE,DELAY ORCPT=rfc822;b+2Bx@example.net"),
                    cmds.toString());
        }
    }

    @Test
    void lmtp_oneReplyPerRecipientAfterData() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().lmtp()
                .lmtpReply("full@", ServerAction.reply("452 4.2.2 <full@example.net>: mailbox full"))
                .lmtpReply("gone@", ServerAction.reply("550 5.1.1 <gone@example.net>: no such user"))
                .start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server),
                        SmtpOptions.lmtp().heloName("client.example.org").build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "one@example.net", "full@example.net",
                    "gone@example.net", "two@example.net"), MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.1.5", "deferred 4.2.2", "bounced 5.1.1", "delivered 2.1.5"),
                    Peers.outcomes(r));
            assertEquals("LHLO client.example.org", server.sessions().get(0).commands().get(0));
        }
    }

    @Test
    void ehloRejected_fallsBackToHelo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("EHLO", ServerAction.reply("502 5.5.2 Error: command not recognized")).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            assertFalse(s.capabilities().pipelining());
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r));
            assertEquals("HELO client.example.org", server.sessions().get(0).commands().get(1));
        }
    }

    @Test
    void unsafeEnvid_isRefusedBeforeAnythingIsSent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast().build())) {
            for (String envid : List.of("x\r\nRCPT TO:<evil@example.com>", "x\u010d\u010aRCPT", "x\u0000y")) {
                Envelope env = new Envelope(dev.mailroom.address.MailAddress.parse("a@example.org"),
                        List.of(Recipient.of("b@example.net")), Optional.empty(), Optional.of(envid));
                assertThrows(UnsafeCommandException.class, () -> s.send(env, MessageContent.of(Peers.MESSAGE)));
            }
            assertFalse(Peers.commandVerbs(server).contains("MAIL"));
            assertFalse(server.sessions().get(0).lines().toString().contains("evil"));
        }
    }

    @Test
    void unsafeHeloName_isRefusedWhenTheOptionsAreBuilt() {
        assertThrows(UnsafeCommandException.class,
                () -> SmtpOptions.builder().heloName("client\r\nMAIL FROM:<x@y>").build());
        assertThrows(UnsafeCommandException.class, () -> SmtpOptions.builder().heloName("client\u010d\u010a").build());
    }


}
