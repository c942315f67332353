package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.DovecotInstance;
import dev.mailroom.testing.PostfixInstance;
import dev.mailroom.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a private Dovecot 2.3: LMTP over TCP and over a Unix-domain socket, and SASL
 * through a private Postfix smtpd that authenticates against that Dovecot
 * ({@code smtpd_sasl_type = dovecot}, AUTH only after STARTTLS). Fails when Dovecot or Postfix
 * is missing.
 */
@Timeout(120)
final class DovecotIT {

    @TempDir
    static Path dir;
    static DovecotInstance dovecot;
    static int lmtpPort;
    static PostfixInstance pf;
    static int smtpPort;
    static Path ca;


    @BeforeAll
    static void start() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path users = dir.resolve("users");
        Files.writeString(users, "alice:{PLAIN}alice-pw:65534:65534::" + home.resolve("alice") + "\n"
                + "bob:{PLAIN}bob-pw:65534:65534::" + home.resolve("bob") + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        lmtpPort = PostfixInstance.freeLoopbackPort();
        dovecot = DovecotInstance.builder(dir.resolve("dovecot"))
                .config("protocols = lmtp",
                        "ssl = no",
                        "auth_mechanisms = plain login scram-sha-256",
                        "disable_plaintext_auth = no",
                        "auth_failure_delay = 0",
                        "mail_location = maildir:~/Maildir",
                        "first_valid_uid = 1",
                        "auth_username_format = %n",
                        "passdb {", "  driver = passwd-file", "  args = scheme=PLAIN " + users, "}",
                        "userdb {", "  driver = passwd-file", "  args = " + users, "}",
                        "service lmtp {",
                        "  inet_listener lmtp {", "    address = 127.0.0.1", "    port = " + lmtpPort, "  }",
                        "  unix_listener lmtp {", "    mode = 0666", "  }",
                        "}",
                        "service auth {", "  unix_listener auth-postfix {", "    mode = 0666", "  }", "}")
                .awaitSocket("lmtp")
                .awaitSocket("auth-postfix")
                .start();

        TestPki pki = TestPki.create("Dovecot interop CA");
        pki.issue("mx.example.test", "mx.example.test").writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        ca = pki.writeCaPem(dir.resolve("ca.pem"));
        smtpPort = PostfixInstance.freeLoopbackPort();
        pf = PostfixInstance.builder(dir.resolve("pf"))
                .param("master_service_disable", "")
                .param("mydestination", "$myhostname, localhost, example.test")
                .param("mynetworks", "192.0.2.0/24")
                .param("smtpd_tls_cert_file", dir.resolve("cert.pem").toString())
                .param("smtpd_tls_key_file", dir.resolve("key.pem").toString())
                .param("smtpd_tls_security_level", "may")
                .param("smtpd_tls_auth_only", "yes")
                .param("smtpd_sasl_auth_enable", "yes")
                .param("smtpd_sasl_type", "dovecot")
                .param("smtpd_sasl_path", dovecot.socket("auth-postfix").toString())
                .param("smtpd_relay_restrictions", "permit_sasl_authenticated, reject_unauth_destination")
                .masterLine("127.0.0.1:" + smtpPort + " inet n - n - - smtpd")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pf != null) {
            pf.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private static byte[] message(String id) {
        return ("Message-ID: <" + id + "@far.test>\r\nFrom: a@far.test\r\nSubject: dovecot interop\r\n\r\nbody\r\n"
                + ".leading dot\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static long maildirFiles(String user) throws IOException {
        Path n = dir.resolve("home").resolve(user).resolve("Maildir/new");
        if (!Files.isDirectory(n)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(n)) {
            return s.count();
        }
    }

    private static SmtpOptions.Builder lmtp() {
        return SmtpOptions.lmtp().heloName("client.far.test").timeouts(SmtpTimeouts.all(Duration.ofSeconds(30)));
    }

    @Test
    void lmtpOverTcp_oneReplyPerRecipient_unknownUserBounces() throws Exception {
        long before = maildirFiles("alice");
        try (SmtpClient c = SmtpClient.create(lmtp().build(), Dns.table().build())) {
            DeliveryReport r = c.deliver("inet:127.0.0.1:" + lmtpPort, Envelope.of("a@far.test", "alice@example.test",
                    "nobody@example.test", "bob@example.test"), MessageContent.of(message("lmtp-tcp")));
            assertEquals(List.of("delivered 2.0.0", "bounced 5.1.1", "delivered 2.0.0"), Peers.outcomes(r.results()),
                    r.toString());
        }
        assertEquals(before + 1, maildirFiles("alice"));
    }

    @Test
    void lmtpOverUnixSocket_delivers() throws Exception {
        long before = maildirFiles("bob");
        try (SmtpClient c = SmtpClient.create(lmtp().build(), Dns.table().build())) {
            DeliveryReport r = c.deliver("unix:" + dovecot.socket("lmtp"), Envelope.of("a@far.test",
                    "bob@example.test"), MessageContent.of(message("lmtp-unix")));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r.results()), r.toString());
        }
        assertEquals(before + 1, maildirFiles("bob"));
    }

    private static Endpoint smtpd() {
        return new Endpoint(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), smtpPort),
                "mx.example.test", "example.test");
    }

    private static SmtpOptions.Builder smtp(String user, String password) {
        return SmtpOptions.builder().heloName("client.far.test").tlsLevel(TlsLevel.VERIFY)
                .tlsFiles(TlsFiles.DEFAULTS.withCaFile(ca)).timeouts(SmtpTimeouts.all(Duration.ofSeconds(30)))
                .authentication(Authentication.password(user, password.toCharArray()));
    }

    @Test
    void postfixWithDovecotSasl_authOfferedOnlyAfterTls_authenticatedRelayAccepted() throws Exception {
        try (SmtpSession s = SmtpSession.open(smtpd(), smtp("alice", "alice-pw").build())) {
            assertTrue(s.capabilitiesBeforeTls().orElseThrow().authMechanisms().isEmpty());
            assertFalse(s.capabilities().authMechanisms().isEmpty());
            assertTrue(s.authenticatedWith().isPresent());
            List<RecipientResult> r = s.send(Envelope.of("alice@example.test", "someone@elsewhere.test"),
                    MessageContent.of(message("sasl-relay")));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r), r.toString());
        }
    }

    @Test
    void postfixWithDovecotSasl_plainChosenWhenFiltered() throws Exception {
        dev.mailroom.sasl.SaslPolicy plainOnly = SmtpOptions.API_SASL_POLICY.withFilter(
                dev.mailroom.sasl.MechanismFilter.parse("plain", null));
        try (SmtpSession s = SmtpSession.open(smtpd(), smtp("bob", "bob-pw").saslPolicy(plainOnly).build())) {
            assertEquals("PLAIN", s.authenticatedWith().orElseThrow());
        }
    }

    @Test
    void postfixWithDovecotSasl_wrongPassword_defers() throws Exception {
        SmtpSessionException e = assertThrows(SmtpSessionException.class,
                () -> SmtpSession.open(smtpd(), smtp("alice", "wrong").build()));
        assertEquals(SmtpSessionException.Stage.AUTH, e.stage());
        assertFalse(e.isPermanent());
        assertFalse(e.getMessage().contains("wrong"), e.getMessage());
    }

    @Test
    void unauthenticatedRelay_bounces() throws Exception {
        try (SmtpSession s = SmtpSession.open(smtpd(), SmtpOptions.builder().heloName("client.far.test")
                .tlsLevel(TlsLevel.MAY).build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@far.test", "someone@elsewhere.test"),
                    MessageContent.of(message("no-auth")));
            assertEquals(List.of("bounced 5.7.1"), Peers.outcomes(r), r.toString());
        }
    }
}
