package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.sasl.MechanismFilter;
import dev.mailroom.sasl.OAuthCredentials;
import dev.mailroom.sasl.OAuthError;
import dev.mailroom.sasl.OAuthTokenSource;
import dev.mailroom.sasl.SaslPolicy;
import dev.mailroom.testing.ScriptedSmtpServer;
import dev.mailroom.testing.ServerAction;
import dev.mailroom.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
final class SmtpAuthTest {

    private static final String PASSWORD = "s3cret-Pa55word";

    @TempDir
    static Path dir;
    static SSLContext mx;
    static Path caPem;

    @BeforeAll
    static void pki() throws Exception {
        TestPki pki = TestPki.create("mailroom test CA");
        mx = pki.issue("mx.scripted.test", "mx.scripted.test").serverContext();
        caPem = pki.writeCaPem(dir.resolve("ca.pem"));
    }

    private static SmtpOptions.Builder withPassword(TlsLevel level) {
        return Peers.fast().tlsPolicy(TlsPolicy.of(level)).tlsFiles(TlsFiles.DEFAULTS.withCaFile(caPem))
                .authentication(Authentication.password("alice", PASSWORD.toCharArray()));
    }

    private static List<String> secretForms() {
        String plain = Base64.getEncoder().encodeToString(("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return List.of(PASSWORD, plain, Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @EnumSource(value = TlsLevel.class, names = {"NONE", "MAY"})
    void noAuthBeforeTls_serverWithoutStarttls_defersAndSendsNoAuth(TlsLevel level) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .capabilities("PIPELINING", "AUTH PLAIN LOGIN", "AUTH=PLAIN LOGIN", "ENHANCEDSTATUSCODES")
                .on("AUTH", ServerAction.reply("235 2.7.0 Authentication successful")).start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class,
                    () -> SmtpSession.open(Peers.endpoint(server), withPassword(level).build()));
            assertEquals(SmtpSessionException.Stage.AUTH, e.stage());
            assertFalse(e.isPermanent());
            assertFalse(Peers.commandVerbs(server).contains("AUTH"), server.sessions().toString());
            assertFalse(Peers.commandVerbs(server).contains("MAIL"));
        }
    }

    @Test
    void starttlsStripped_byFailedHandshakeUnderMay_plaintextRetryStillSendsNoAuth() throws Exception {
        // a downgrade: STARTTLS is advertised but the handshake fails, so "may" retries in plaintext
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .capabilities("PIPELINING", "STARTTLS", "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES")
                .on("STARTTLS", ServerAction.reply("220 2.0.0 Ready to start TLS"))
                .on("AUTH", ServerAction.reply("235 2.7.0 Authentication successful")).start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    Peers.endpoint(server), withPassword(TlsLevel.MAY)
                            .timeouts(SmtpTimeouts.all(java.time.Duration.ofSeconds(2))).build()));
            assertEquals(SmtpSessionException.Stage.AUTH, e.stage());
            assertEquals(2, server.sessions().size());
            assertFalse(Peers.commandVerbs(server).contains("AUTH"), server.sessions().toString());
        }
    }

    @Test
    void auth_goesOutOnlyAfterStarttls() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx)
                .capabilities("PIPELINING", "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES")
                .on("AUTH", ServerAction.reply("235 2.7.0 Authentication successful")).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), withPassword(TlsLevel.MAY).build())) {
            assertEquals("PLAIN", s.authenticatedWith().orElseThrow());
            List<String> cmds = server.sessions().get(0).commands();
            assertEquals(List.of("EHLO", "STARTTLS", "EHLO", "AUTH"), cmds.stream().map(c -> c.split(" ")[0])
                    .toList());
            assertTrue(server.sessions().get(0).lines().indexOf("*: TLS started: " + server.sessions().get(0)
                    .tlsProtocol() + " " + server.sessions().get(0).tlsCipher()) < server.sessions().get(0).lines()
                            .stream().filter(l -> l.startsWith("C: AUTH")).map(l -> server.sessions().get(0).lines()
                                    .indexOf(l)).findFirst().orElseThrow());
        }
    }

    @Test
    void authWithoutTls_explicitlyAllowed_authenticatesInClear() throws Exception {
        SaslPolicy permissive = SaslPolicy.fromParameters(MechanismFilter.NONE, "noanonymous", null, null);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .capabilities("PIPELINING", "AUTH PLAIN", "ENHANCEDSTATUSCODES")
                .on("AUTH", ServerAction.reply("235 2.7.0 Authentication successful")).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), withPassword(TlsLevel.NONE)
                        .authWithoutTls(true).saslPolicy(permissive).build())) {
            assertEquals("PLAIN", s.authenticatedWith().orElseThrow());
        }
    }

    @Test
    void logsAtEveryLevel_neverContainTheSecret() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                seen.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        List<java.util.logging.Logger> loggers = List.of(java.util.logging.Logger.getLogger("dev.mailroom.smtp"),
                java.util.logging.Logger.getLogger("dev.mailroom.sasl"));
        for (java.util.logging.Logger l : loggers) {
            l.setLevel(java.util.logging.Level.ALL);
            l.addHandler(capture);
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx)
                .capabilities("AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES")
                .on("AUTH", "", ServerAction.reply("535 5.7.8 no"), 1)
                .on("AUTH", ServerAction.reply("235 2.7.0 ok")).start()) {
            assertThrows(SmtpSessionException.class,
                    () -> SmtpSession.open(Peers.endpoint(server), withPassword(TlsLevel.ENCRYPT).build()));
            try (SmtpSession s = SmtpSession.open(Peers.endpoint(server), withPassword(TlsLevel.ENCRYPT).build())) {
                assertEquals("PLAIN", s.authenticatedWith().orElseThrow());
                assertFalse(s.toString().contains(PASSWORD));
            }
        } finally {
            for (java.util.logging.Logger l : loggers) {
                l.removeHandler(capture);
                l.setLevel(null);
            }
        }
        assertFalse(seen.isEmpty(), "the exchange is logged at debug level");
        for (String line : seen) {
            for (String secret : secretForms()) {
                assertFalse(line.contains(secret), line);
            }
        }
    }

    @Test
    void authRejected_defersAndNoSecretAppearsAnywhere() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx)
                .capabilities("AUTH PLAIN", "ENHANCEDSTATUSCODES")
                .on("AUTH", ServerAction.reply("535 5.7.8 Error: authentication failed")).start()) {
            SmtpOptions options = withPassword(TlsLevel.ENCRYPT).build();
            SmtpSessionException e = assertThrows(SmtpSessionException.class,
                    () -> SmtpSession.open(Peers.endpoint(server), options));
            assertEquals("4.7.8", e.status().toString());
            assertTrue(e.getMessage().contains("SASL authentication failed"), e.getMessage());
            List<String> texts = new ArrayList<>(List.of(options.toString(),
                    options.authentication().orElseThrow().toString()));
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
                texts.add(t.toString());
            }
            for (String text : texts) {
                for (String secret : secretForms()) {
                    assertFalse(text.contains(secret), text);
                }
            }
        }
    }

    @Test
    void oauth_rejectedToken_isRefreshedThroughTheSourceAndRetriedOnce() throws Exception {
        String json = Base64.getEncoder().encodeToString("{\"status\":\"401\",\"schemes\":\"bearer\"}"
                .getBytes(StandardCharsets.UTF_8));
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        OAuthTokenSource tokens = new OAuthTokenSource() {
            @Override
            public char[] token() {
                return ("token-" + issued.incrementAndGet()).toCharArray();
            }

            @Override
            public void rejected(OAuthError error) {
                rejected.incrementAndGet();
            }
        };
        SaslPolicy oauth = SaslPolicy.fromParameters(MechanismFilter.NONE, "noanonymous", null, null);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx)
                .capabilities("AUTH XOAUTH2", "ENHANCEDSTATUSCODES")
                .on("AUTH", "", ServerAction.reply("334 " + json), 1)
                .on("", "", ServerAction.reply("535 5.7.8 Username and Password not accepted"), 1)
                .on("AUTH", ServerAction.reply("235 2.7.0 Accepted")).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast()
                        .tlsPolicy(TlsPolicy.of(TlsLevel.ENCRYPT)).saslPolicy(oauth)
                        .authentication(Authentication.oauth(new OAuthCredentials("alice@example.org", tokens)))
                        .build())) {
            assertEquals("XOAUTH2", s.authenticatedWith().orElseThrow());
            assertEquals(1, rejected.get());
            assertEquals(2, issued.get());
        }
    }
}
