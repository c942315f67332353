package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every failure path with a distinctive password: it must appear in no message, trace or toString. */
final class SecretLeakTest {

    private static final String SECRET = "Zq9-SECRET-pw:with:colons";
    private static final String TOKEN = "ya29.TOKEN-Zq9-secret";

    private final List<String> seen = new ArrayList<>();
    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.mailroom.sasl");
    private final java.util.logging.Handler capture = new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord r) {
            seen.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            logged++;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private int logged;

    @org.junit.jupiter.api.BeforeEach
    void captureLogs() {
        jul.setLevel(java.util.logging.Level.ALL);
        capture.setLevel(java.util.logging.Level.ALL);
        jul.addHandler(capture);
    }

    @org.junit.jupiter.api.AfterEach
    void stopCapture() {
        jul.removeHandler(capture);
        jul.setLevel(null);
    }

    private PasswordCredentials creds() {
        PasswordCredentials c = PasswordCredentials.parseSaslPasswd("user@example.com:" + SECRET);
        seen.add(c.toString());
        return c;
    }

    private void record(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        seen.add(w.toString());
        seen.add(String.valueOf(t.getMessage()));
    }

    private void expectFailure(ThrowingRunnable r) {
        Throwable t = assertThrows(Throwable.class, r::run);
        record(t);
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noFailurePath_revealsThePasswordOrToken() throws Exception {
        // malformed challenges for every password mechanism
        for (String mech : SaslMechanisms.PASSWORD_MECHANISMS) {
            SaslClient c = SaslMechanisms.forPassword(mech, creds(), "mail.example.com");
            seen.add(c.toString());
            SaslExchange ex = SaslExchange.of(c);
            seen.add(ex.authCommand().startsWith("AUTH " + mech) ? mech : "bad command");
            expectFailure(() -> ex.respond("!!not base64!!"));
            seen.add(c.toString());
        }
        // LOGIN / PLAIN / CRAM: extra rounds
        SaslExchange login = SaslExchange.of(SaslMechanisms.login(creds()));
        login.respond(LoginServer.USERNAME_PROMPT);
        login.respond(LoginServer.PASSWORD_PROMPT);
        expectFailure(() -> login.respond(LoginServer.PASSWORD_PROMPT));
        SaslExchange plain = SaslExchange.of(SaslMechanisms.plain(creds(), "x"));
        plain.initialResponse();
        expectFailure(() -> plain.respond(b64("again")));
        SaslExchange cram = SaslExchange.of(SaslMechanisms.cramMd5(creds()));
        expectFailure(() -> cram.respond(""));
        // SCRAM: wrong signature, server error, success without proof, bad password for SASLprep
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_256, SECRET.toCharArray(), new byte[] {7}, 4096);
        seen.add(stored.toString());
        for (int round = 0; round < 3; round++) {
            ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, u -> Optional.of(stored), new SecureRandom());
            SaslExchange ex = SaslExchange.of(SaslMechanisms.scramSha256(creds()));
            byte[] first = Base64.getDecoder().decode(ex.initialResponse().orElseThrow());
            String fin = ex.respond(SaslExchange.encode(server.serverFirst(first)));
            server.serverFinal(Base64.getDecoder().decode(fin));
            if (round == 0) {
                expectFailure(() -> ex.respond(b64("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")));
            } else if (round == 1) {
                expectFailure(() -> ex.succeeded(""));
            } else {
                expectFailure(() -> ex.respond(b64("e=other-error")));
            }
        }
        SaslExchange prep = SaslExchange.of(SaslMechanisms.scramSha1(PasswordCredentials.of("u", (SECRET + "\u0007").toCharArray())));
        prep.initialResponse();
        expectFailure(() -> prep.respond(b64("r=" + "x".repeat(40) + ",s=AAAA,i=4096")));
        // server side: wrong proof, bad PLAIN, bad LOGIN
        ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, u -> Optional.of(
                ScramCredential.derive(ScramAlgorithm.SHA_256, "other".toCharArray(), new byte[] {1}, 4096)), new SecureRandom());
        SaslExchange wrong = SaslExchange.of(SaslMechanisms.scramSha256(creds()));
        byte[] first = Base64.getDecoder().decode(wrong.initialResponse().orElseThrow());
        String fin = wrong.respond(SaslExchange.encode(server.serverFirst(first)));
        expectFailure(() -> server.serverFinal(Base64.getDecoder().decode(fin)));
        expectFailure(() -> PlainResponse.decode(b64("\0user\0" + SECRET + "\0")));
        expectFailure(() -> PlainResponse.decode(b64("\0user\0" + SECRET + "x").substring(1)));
        PlainResponse ok = PlainResponse.decode(b64("\0user\0" + SECRET));
        seen.add(ok.toString());
        LoginServer ls = new LoginServer();
        ls.respond(b64("user"));
        expectFailure(() -> ls.respond(b64(SECRET + "\0")));
        seen.add(ls.toString());
        // sasl_passwd parsing errors
        expectFailure(() -> PasswordCredentials.parseSaslPasswd(SECRET.replace(":", "")));
        expectFailure(() -> PasswordCredentials.parseSaslPasswd(":" + SECRET));
        // OAuth: token source failure, error JSON, control characters
        OAuthCredentials failing = new OAuthCredentials("u@example.com", () -> {
            throw new IOException("refresh endpoint said 400");
        });
        seen.add(failing.toString());
        expectFailure(() -> SaslExchange.of(SaslMechanisms.xoauth2(failing)).initialResponse());
        OAuthCredentials oc = new OAuthCredentials("u@example.com", OAuthTokenSource.fixed(TOKEN.toCharArray()));
        seen.add(oc.toString());
        seen.add(oc.tokens().toString());
        SaslExchange xo = SaslExchange.of(SaslMechanisms.xoauth2(oc));
        xo.initialResponse();
        xo.respond(b64("{\"status\":\"401\"}"));
        record(xo.failed("535 5.7.8 no"));
        expectFailure(() -> SaslExchange.of(SaslMechanisms.oauthBearer(new OAuthCredentials("u",
                OAuthTokenSource.fixed((TOKEN + "\n").toCharArray())), null, 0)).initialResponse());
        // JDK adapter: DIGEST-MD5 with a broken challenge
        SaslExchange digest = SaslExchange.of(SaslMechanisms.jdk("DIGEST-MD5", creds(), "smtp", "mail.example.com", Map.of()));
        digest.initialResponse();
        expectFailure(() -> digest.respond(b64("realm=\"x\",nonce=")));

        assertTrue(seen.size() > 40, "all paths ran: " + seen.size());
        assertTrue(logged > 20, "debug log lines captured: " + logged);
        for (String s : seen) {
            assertFalse(s.contains(SECRET) || s.contains("Zq9"), () -> "secret leaked in: " + s);
            assertFalse(s.contains(TOKEN), () -> "token leaked in: " + s);
            assertFalse(s.contains(b64(SECRET)), () -> "encoded secret leaked in: " + s);
        }
    }

    @Test
    void credentials_areCleared_afterEveryOutcome() throws SaslException {
        PasswordCredentials ok = PasswordCredentials.of("u", SECRET.toCharArray());
        SaslExchange ex = SaslExchange.of(SaslMechanisms.plain(ok));
        ex.initialResponse();
        assertFalse(ok.isCleared());
        ex.succeeded("");
        assertTrue(ok.isCleared());
        assertThrows(IllegalStateException.class, ok::password);

        PasswordCredentials rejected = PasswordCredentials.of("u", SECRET.toCharArray());
        SaslExchange ex2 = SaslExchange.of(SaslMechanisms.login(rejected));
        ex2.respond(LoginServer.USERNAME_PROMPT);
        ex2.respond(LoginServer.PASSWORD_PROMPT);
        assertEquals(SaslException.Reason.AUTHENTICATION_FAILED, ex2.failed("535 5.7.8 bad").reason());
        assertTrue(rejected.isCleared());

        PasswordCredentials cancelled = PasswordCredentials.of("u", SECRET.toCharArray());
        SaslExchange ex3 = SaslExchange.of(SaslMechanisms.cramMd5(cancelled));
        ex3.cancel();
        assertTrue(cancelled.isCleared());
        assertEquals("PasswordCredentials[user=u, password=cleared]", cancelled.toString());
    }
}
