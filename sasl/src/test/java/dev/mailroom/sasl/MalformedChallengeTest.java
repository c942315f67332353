package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class MalformedChallengeTest {

    private static PasswordCredentials creds() {
        return PasswordCredentials.of("user", "pencil".toCharArray());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static SaslException.Reason failWith(SaslExchange ex, String challenge) {
        return assertThrows(SaslException.class, () -> ex.respond(challenge)).reason();
    }

    @Test
    void badBase64_isRefused_andClearsCredentials() {
        PasswordCredentials c = creds();
        SaslExchange ex = SaslExchange.of(SaslMechanisms.login(c));
        SaslException e = assertThrows(SaslException.class, () -> ex.respond("VXNlcm5hbWU"));
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE, e.reason());
        assertEquals("LOGIN: challenge is not valid base64 (11 characters)", e.getMessage());
        assertTrue(c.isCleared());
    }

    @Test
    void overLongChallenge_isRefused() {
        SaslExchange ex = SaslExchange.of(SaslMechanisms.cramMd5(creds()), 16);
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE, failWith(ex, b64("<1896.697170952@postoffice>")));
    }

    @Test
    void unexpectedExtraRound_failsForEveryOneShotMechanism() throws SaslException {
        SaslExchange plain = SaslExchange.of(SaslMechanisms.plain(creds()));
        plain.initialResponse();
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE, failWith(plain, ""));

        SaslExchange login = SaslExchange.of(SaslMechanisms.login(creds()));
        login.respond(LoginServer.USERNAME_PROMPT);
        login.respond(LoginServer.PASSWORD_PROMPT);
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE, failWith(login, LoginServer.PASSWORD_PROMPT));

        SaslExchange cram = SaslExchange.of(SaslMechanisms.cramMd5(creds()));
        cram.respond(b64("<1.2@x>"));
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE, failWith(cram, b64("<1.2@x>")));

        SaslExchange ext = SaslExchange.of(SaslMechanisms.external(""));
        ext.initialResponse();
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE, failWith(ext, b64("more?")));
    }

    @Test
    void plainWithoutInitialResponse_answersTheEmptyChallenge() throws SaslException {
        SaslExchange ex = SaslExchange.of(SaslMechanisms.plain(creds()));
        assertEquals(b64("\0user\0pencil"), ex.respond(""));
        SaslExchange ex2 = SaslExchange.of(SaslMechanisms.plain(creds()));
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE, failWith(ex2, b64("hello")));
    }

    @Test
    void login_toleratesOtherPromptsAndAnInitialResponse() throws SaslException {
        SaslExchange odd = SaslExchange.of(SaslMechanisms.login(creds()));
        assertEquals(b64("user"), odd.respond(b64("User Name")));
        assertEquals(b64("pencil"), odd.respond(b64("Password")));
        SaslExchange silent = SaslExchange.of(SaslMechanisms.login(creds()));
        assertEquals(b64("user"), silent.respond(""));
        assertEquals(b64("pencil"), silent.respond(""));
        SaslExchange ir = SaslExchange.of(SaslMechanisms.loginWithInitialResponse(creds()));
        assertEquals("AUTH LOGIN dXNlcg==", ir.authCommand());
        assertEquals(b64("pencil"), ir.respond(LoginServer.PASSWORD_PROMPT));
        SaslExchange twice = SaslExchange.of(SaslMechanisms.loginWithInitialResponse(creds()));
        twice.initialResponse();
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE, failWith(twice, LoginServer.USERNAME_PROMPT));
    }

    @Test
    void cramMd5_emptyChallenge_isRefused() {
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE, failWith(SaslExchange.of(SaslMechanisms.cramMd5(creds())), ""));
    }

    private static SaslExchange scramAfterFirst(String[] nonce) throws SaslException {
        SaslExchange ex = SaslExchange.of(SaslMechanisms.scramSha256(creds()));
        String first = new String(Base64.getDecoder().decode(ex.initialResponse().orElseThrow()), StandardCharsets.UTF_8);
        nonce[0] = first.substring(first.indexOf(",r=") + 3);
        return ex;
    }

    @Test
    void scram_malformedServerFirst_isRefused() throws SaslException {
        String[] n = new String[1];
        String[][] cases = {
            {"r=%s,s=W22ZaJ0SNY7soEsUEjb6gQ==", "MALFORMED_CHALLENGE"},                // truncated: no i=
            {"r=%sX,s=***,i=4096", "MALFORMED_CHALLENGE"},                              // bad salt
            {"r=%sX,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=many", "MALFORMED_CHALLENGE"},         // bad count
            {"r=%sX,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0", "MALFORMED_CHALLENGE"},
            {"r=%sX,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999", "MALFORMED_CHALLENGE"},     // would stall the client
            {"r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "MALFORMED_CHALLENGE"}, // nonce not extended
            {"r=%s,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "MALFORMED_CHALLENGE"},          // nonce not extended
            {"m=ext,r=%sX,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "MALFORMED_CHALLENGE"},
            {"s=W22ZaJ0SNY7soEsUEjb6gQ==,r=%sX,i=4096", "MALFORMED_CHALLENGE"},         // order
            {"e=unknown-user", "SERVER_ERROR"},
        };
        for (String[] c : cases) {
            SaslExchange ex = scramAfterFirst(n);
            SaslException e = assertThrows(SaslException.class, () -> ex.respond(b64(String.format(c[0], n[0]))));
            assertEquals(SaslException.Reason.valueOf(c[1]), e.reason(), c[0]);
            assertTrue(e.getMessage().startsWith("SCRAM-SHA-256: "), e.getMessage());
        }
    }

    @Test
    void scram_wrongServerSignature_failsTheExchange() throws SaslException {
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_256, "pencil".toCharArray(), new byte[] {1, 2, 3, 4}, 4096);
        ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, u -> Optional.of(stored), new SecureRandom());
        SaslExchange ex = SaslExchange.of(SaslMechanisms.scramSha256(creds()));
        byte[] first = Base64.getDecoder().decode(ex.initialResponse().orElseThrow());
        ex.respond(SaslExchange.encode(server.serverFirst(first)));
        SaslException e = assertThrows(SaslException.class, () -> ex.respond(b64("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")));
        assertEquals(SaslException.Reason.SERVER_NOT_VERIFIED, e.reason());
        assertEquals("SCRAM-SHA-256: server signature does not match: the server does not know the password", e.getMessage());
    }

    /** A "random" source that returns zeros, to pin the nonce in a test. */
    static final class ZeroRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    @Test
    void scram_nonceComesFromTheInjectedRandom() throws SaslException {
        SaslExchange ex = SaslExchange.of(SaslMechanisms.scram(ScramAlgorithm.SHA_1, creds(), "", new ZeroRandom(), false));
        assertEquals("AUTH SCRAM-SHA-1 " + b64("n,,n=user,r=" + "A".repeat(32)), ex.authCommand());
    }

    @Test
    void scram_extraRoundAfterVerification_fails() throws SaslException {
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_256, "pencil".toCharArray(), new byte[] {3}, 4096);
        ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, u -> Optional.of(stored), new SecureRandom());
        SaslExchange ex = SaslExchange.of(SaslMechanisms.scramSha256(creds()));
        String fin = ex.respond(SaslExchange.encode(server.serverFirst(
                Base64.getDecoder().decode(ex.initialResponse().orElseThrow()))));
        assertEquals("", ex.respond(SaslExchange.encode(server.serverFinal(Base64.getDecoder().decode(fin)))));
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE, failWith(ex, b64("v=again")));
    }

    @Test
    void scram_successWithoutServerSignature_fails() throws SaslException {
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_1, "pencil".toCharArray(), new byte[] {9, 9}, 4096);
        ScramServer server = ScramServer.create(ScramAlgorithm.SHA_1, u -> Optional.of(stored), new SecureRandom());
        SaslExchange ex = SaslExchange.of(SaslMechanisms.scramSha1(creds()));
        byte[] first = Base64.getDecoder().decode(ex.initialResponse().orElseThrow());
        String fin = ex.respond(SaslExchange.encode(server.serverFirst(first)));
        server.serverFinal(Base64.getDecoder().decode(fin));
        SaslException e = assertThrows(SaslException.class, () -> ex.succeeded(""));
        assertEquals(SaslException.Reason.SERVER_NOT_VERIFIED, e.reason());
    }

    @Test
    void scram_serverErrorInFinal_isReported() throws SaslException {
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_256, "other".toCharArray(), new byte[] {5}, 4096);
        ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, u -> Optional.of(stored), new SecureRandom());
        SaslExchange ex = SaslExchange.of(SaslMechanisms.scramSha256(creds()));
        byte[] first = Base64.getDecoder().decode(ex.initialResponse().orElseThrow());
        String fin = ex.respond(SaslExchange.encode(server.serverFirst(first)));
        SaslException wrong = assertThrows(SaslException.class, () -> server.serverFinal(Base64.getDecoder().decode(fin)));
        assertEquals(SaslException.Reason.WRONG_CREDENTIALS, wrong.reason());
        SaslException e = assertThrows(SaslException.class, () -> ex.respond(b64("e=invalid-proof")));
        assertEquals(SaslException.Reason.SERVER_ERROR, e.reason());
        assertEquals("SCRAM-SHA-256: server error: invalid-proof", e.getMessage());
    }

    @Test
    void oauth_nonJsonChallenge_andSecondChallenge_areRefused() throws SaslException {
        OAuthCredentials c = new OAuthCredentials("u@example.com", OAuthTokenSource.fixed("tok".toCharArray()));
        SaslExchange ex = SaslExchange.of(SaslMechanisms.xoauth2(c));
        ex.initialResponse();
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE, failWith(ex, b64("not json")));
        SaslExchange ex2 = SaslExchange.of(SaslMechanisms.xoauth2(c));
        ex2.initialResponse();
        ex2.respond(b64("{\"status\":\"400\"}"));
        assertEquals(SaslException.Reason.UNEXPECTED_CHALLENGE, failWith(ex2, b64("{\"status\":\"400\"}")));
    }

    @Test
    void closedExchange_cannotContinue() {
        SaslExchange ex = SaslExchange.of(SaslMechanisms.login(creds()));
        assertEquals("*", ex.cancel());
        assertThrows(IllegalStateException.class, () -> ex.respond(LoginServer.USERNAME_PROMPT));
    }
}
