package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.DeliveryRecord;
import dev.mailroom.testing.PostfixInstance;
import dev.mailroom.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: mailroom's client against a private Postfix 3.7 smtpd on loopback, STARTTLS on one
 * port and SMTPS on another, with certificates from {@link TestPki}. Fails (does not skip) when
 * Postfix is missing.
 */
@Timeout(120)
final class SmtpPostfixIT {

    @TempDir
    static Path dir;
    static PostfixInstance pf;
    static int smtp;
    static int smtps;
    static Path ca;


    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.create("Interop CA");
        pki.issue("mx.example.test", "mx.example.test").writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        ca = pki.writeCaPem(dir.resolve("ca.pem"));
        smtp = PostfixInstance.freeLoopbackPort();
        smtps = PostfixInstance.freeLoopbackPort();
        pf = PostfixInstance.builder(dir.resolve("pf"))
                .param("master_service_disable", "")
                .param("mydestination", "$myhostname, localhost, example.test")
                .param("smtpd_tls_cert_file", dir.resolve("cert.pem").toString())
                .param("smtpd_tls_key_file", dir.resolve("key.pem").toString())
                .param("smtpd_tls_security_level", "may")
                .param("smtpd_tls_loglevel", "1")
                .param("mynetworks", "192.0.2.0/24")
                .param("smtpd_relay_restrictions", "reject_unauth_destination")
                .masterLine("127.0.0.1:" + smtp + " inet n - n - - smtpd")
                .masterLine("127.0.0.1:" + smtps + " inet n - n - - smtpd -o smtpd_tls_wrappermode=yes")
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pf != null) {
            pf.close();
        }
    }

    private static Endpoint endpoint(int port) {
        return new Endpoint(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), "mx.example.test",
                "example.test");
    }

    private static SmtpOptions.Builder options() {
        return SmtpOptions.builder().heloName("client.far.test").tlsFiles(TlsFiles.DEFAULTS.withCaFile(ca))
                .timeouts(SmtpTimeouts.all(Duration.ofSeconds(30)));
    }

    private static byte[] message(String id) {
        return ("Message-ID: <" + id + "@far.test>\r\nFrom: a@far.test\r\nTo: root@example.test\r\nSubject: interop\r\n"
                + "\r\nbody\r\n.\r\n..two dots\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void starttlsSecure_deliversAndQueueIdMatchesPostfixLog() throws Exception {
        try (SmtpSession s = SmtpSession.open(endpoint(smtp), options().tlsLevel(TlsLevel.SECURE).build())) {
            assertTrue(s.tls().orElseThrow().verified());
            assertTrue(s.capabilitiesBeforeTls().orElseThrow().startTls());
            List<RecipientResult> r = s.send(Envelope.of("a@far.test", "root@example.test"),
                    MessageContent.of(message("starttls-1")));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r), r.toString());
            String queueId = ((RecipientResult.Delivered) r.get(0)).queueId().orElseThrow();
            pf.awaitSettled(Duration.ofSeconds(60));
            List<DeliveryRecord> d = pf.deliveriesOf("starttls-1@far.test");
            assertTrue(d.stream().anyMatch(x -> x.queueId().equals(queueId) && x.status().equals("sent")),
                    d + "\n" + String.join("\n", pf.logLines()));
        }
    }

    @Test
    void smtpsWrapperMode_delivers() throws Exception {
        try (SmtpSession s = SmtpSession.open(endpoint(smtps), options().tlsLevel(TlsLevel.VERIFY)
                .wrapperMode(true).build())) {
            assertTrue(s.tls().orElseThrow().verified());
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(s.send(Envelope.of("a@far.test",
                    "root@example.test"), MessageContent.of(message("smtps-1")))));
        }
    }

    @Test
    void pipelinedMixedRecipients_relayDeniedBouncesOthersDelivered() throws Exception {
        try (SmtpClient c = SmtpClient.create(options().tlsLevel(TlsLevel.MAY).build(), Dns.table().build())) {
            DeliveryReport r = c.deliver("[127.0.0.1]:" + smtp, Envelope.of("a@far.test", "root@example.test",
                    "someone@elsewhere.test", "postmaster@example.test"), MessageContent.of(message("mixed-1")));
            assertEquals(List.of("delivered 2.0.0", "bounced 5.7.1", "delivered 2.0.0"),
                    Peers.outcomes(r.results()), r.toString());
            assertTrue(r.results().get(1).diagnostic().contains("Relay access denied"));
        }
    }

    @Test
    void verifyWithWrongName_defersAndPostfixSeesNoMail() throws Exception {
        Endpoint wrong = new Endpoint(endpoint(smtp).address(), "smtp.other.test", "other.test");
        SmtpSessionException e = org.junit.jupiter.api.Assertions.assertThrows(SmtpSessionException.class,
                () -> SmtpSession.open(wrong, options().tlsLevel(TlsLevel.VERIFY).build()));
        assertEquals("4.7.5", e.status().toString());
    }

    @Test
    void smtputf8AndEightBit_acceptedByPostfix() throws Exception {
        try (SmtpSession s = SmtpSession.open(endpoint(smtp), options().tlsLevel(TlsLevel.ENCRYPT).build())) {
            byte[] m = ("Message-ID: <utf8-1@far.test>\r\nFrom: jos\u00e9@far.test\r\nSubject: caf\u00e9\r\n\r\n"
                    + "caf\u00e9\r\n").getBytes(StandardCharsets.UTF_8);
            List<RecipientResult> r = s.send(Envelope.of("jos\u00e9@far.test", "root@example.test"),
                    MessageContent.of(m));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r), r.toString());
        }
    }
}
