package dev.mailroom.sasl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.sasl.OAuthCredentials;
import dev.mailroom.sasl.OAuthError;
import dev.mailroom.sasl.OAuthTokenSource;
import dev.mailroom.sasl.PasswordCredentials;
import dev.mailroom.sasl.SaslException;
import dev.mailroom.sasl.SaslExchange;
import dev.mailroom.sasl.SaslMechanisms;
import dev.mailroom.sasl.ScramAlgorithm;
import dev.mailroom.sasl.ScramCredential;
import dev.mailroom.sasl.ScramServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The published examples of RFC 4616, 2195, 5802, 7677 and 7628, and the seeds' AUTH exchanges. */
final class RfcVectorsTest {

    private static PasswordCredentials creds(String user, String pw) {
        return PasswordCredentials.of(user, pw.toCharArray());
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plain_rfc4616Examples() throws SaslException {
        assertEquals("\0tim\0tanstaaftanstaaf", text(SaslMechanisms.plain(creds("tim", "tanstaaftanstaaf")).initialResponse()));
        assertEquals("Ursel\0Kurt\0xipj3plmq", text(SaslMechanisms.plain(creds("Kurt", "xipj3plmq"), "Ursel").initialResponse()));
    }

    @Test
    void plain_seedExchange_usuarioPassword() throws SaslException {
        // seeds/001: printf 'usuario\0usuario\0password' | base64; AUTH PLAIN dXN1YXJpbwB1c3VhcmlvAHBhc3N3b3Jk
        SaslExchange ex = SaslExchange.of(SaslMechanisms.plain(creds("usuario", "password"), "usuario"));
        assertEquals("AUTH PLAIN dXN1YXJpbwB1c3VhcmlvAHBhc3N3b3Jk", ex.authCommand());
        ex.succeeded("");
    }

    @Test
    void login_seedServerOffersPlainLogin_exchangeForUsuario() throws SaslException {
        PasswordCredentials c = creds("usuario", "password");
        SaslExchange ex = SaslExchange.of(SaslMechanisms.login(c));
        assertEquals("AUTH LOGIN", ex.authCommand());
        assertEquals("dXN1YXJpbw==", ex.respond("VXNlcm5hbWU6"));
        assertEquals("cGFzc3dvcmQ=", ex.respond("UGFzc3dvcmQ6"));
        assertTrue(ex.client().isComplete());
        ex.succeeded("");
        assertTrue(c.isCleared());
    }

    @Test
    void cramMd5_rfc2195Example() throws SaslException {
        SaslExchange ex = SaslExchange.of(SaslMechanisms.cramMd5(creds("tim", "tanstaaftanstaaf")));
        assertEquals("AUTH CRAM-MD5", ex.authCommand());
        assertEquals("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw",
                ex.respond("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"));
    }

    @Test
    void scramSha1_rfc5802Example() throws SaslException {
        ScramClient c = new ScramClient(ScramAlgorithm.SHA_1, creds("user", "pencil"), "", "fyko+d2lbbFgONRv9qkxdawL", false);
        assertEquals("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", text(c.initialResponse()));
        assertEquals("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
                text(c.evaluateChallenge(bytes("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))));
        assertFalse(c.isComplete());
        assertEquals("", text(c.evaluateChallenge(bytes("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="))));
        assertTrue(c.isComplete());
        c.success(new byte[0]);
    }

    @Test
    void scramSha256_rfc7677Example() throws SaslException {
        ScramClient c = new ScramClient(ScramAlgorithm.SHA_256, creds("user", "pencil"), "", "rOprNGfwEbeRWgbNEkqO", false);
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", text(c.initialResponse()));
        String nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        assertEquals("c=biws,r=" + nonce + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                text(c.evaluateChallenge(bytes("r=" + nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))));
        // server signature delivered with the success instead of as a challenge
        c.success(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    @Test
    void scramServer_rfc7677Example_fromTheServerSide() throws SaslException {
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_256, "pencil".toCharArray(),
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256,
                u -> u.equals("user") ? Optional.of(stored) : Optional.empty(), () -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", false);
        String nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        assertEquals("r=" + nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                text(server.serverFirst(bytes("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))));
        assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", text(server.serverFinal(
                bytes("c=biws,r=" + nonce + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))));
        assertEquals(Optional.of("user"), server.authenticatedUser());
    }

    @Test
    void scram_gs2Header_usesYWhenTlsCouldBind_andEscapesAuthzid() throws SaslException {
        ScramClient c = new ScramClient(ScramAlgorithm.SHA_256, creds("a,b=c", "pw"), "x=y", "abc", true);
        assertEquals("y,a=x=3Dy,n=a=2Cb=3Dc,r=abc", text(c.initialResponse()));
    }

    @Test
    void oauthBearer_rfc7628SmtpFailedExchange_answersKvsepAndSurfacesError() throws SaslException {
        OAuthError[] seen = new OAuthError[1];
        OAuthTokenSource tokens = new OAuthTokenSource() {
            @Override
            public char[] token() {
                return "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==".toCharArray();
            }

            @Override
            public void rejected(OAuthError error) {
                seen[0] = error;
            }
        };
        SaslExchange ex = SaslExchange.of(SaslMechanisms.oauthBearer(new OAuthCredentials("user@example.com", tokens),
                "server.example.com", 587));
        assertEquals("AUTH OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9NTg3AWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB",
                ex.authCommand());
        assertEquals("AQ==", ex.respond(
                "eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIiwic2NoZW1lcyI6ImJlYXJlciBtYWMiLCJzY29wZSI6Imh0dHBzOi8vbWFpbC5leGFtcGxlLmNvbS8ifQ=="));
        assertEquals("invalid_token", seen[0].status());
        assertEquals(Optional.of("https://mail.example.com/"), seen[0].scope());
        assertEquals(Optional.of("bearer mac"), seen[0].schemes());
        SaslException e = ex.failed("535 5.7.8 Authentication credentials invalid");
        assertEquals(SaslException.Reason.AUTHENTICATION_FAILED, e.reason());
        assertEquals("OAUTHBEARER: server rejected authentication: 535 5.7.8 Authentication credentials invalid;"
                + " server error in exchange: status=invalid_token schemes=bearer mac scope=https://mail.example.com/",
                e.getMessage());
    }

    @Test
    void oauthBearer_rfc7628ImapSuccessExample_initialResponse() throws SaslException {
        OAuthCredentials c = new OAuthCredentials("user@example.com",
                OAuthTokenSource.fixed("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==".toCharArray()));
        SaslExchange ex = SaslExchange.of(SaslMechanisms.oauthBearer(c, "server.example.com", 143));
        assertEquals(Optional.of("bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB"),
                ex.initialResponse());
        ex.succeeded("");
    }

    @Test
    void xoauth2_googleJsonErrorChallenge_emptyResponse_thenFailureCarriesStatus() throws SaslException {
        int[] refreshes = {0};
        OAuthTokenSource tokens = new OAuthTokenSource() {
            @Override
            public char[] token() {
                return "ya29.vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg".toCharArray();
            }

            @Override
            public void rejected(OAuthError error) {
                refreshes[0]++;
            }
        };
        SaslExchange ex = SaslExchange.of(SaslMechanisms.xoauth2(new OAuthCredentials("someuser@example.com", tokens)));
        String ir = ex.initialResponse().orElseThrow();
        assertEquals("user=someuser@example.com\u0001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg\u0001\u0001",
                text(Base64.getDecoder().decode(ir)));
        String json = "{\"status\":\"401\",\n \"schemes\":\"bearer mac\",\n \"scope\":\"https://mail.google.com/\"}\n";
        assertEquals("", ex.respond(Base64.getEncoder().encodeToString(bytes(json))));
        assertEquals(1, refreshes[0]);
        assertEquals(Optional.of("status=401 schemes=bearer mac scope=https://mail.google.com/"), ex.client().serverError());
        SaslException e = ex.failed("535-5.7.8 Username and Password not accepted.");
        assertTrue(e.getMessage().endsWith("server error in exchange: status=401 schemes=bearer mac scope=https://mail.google.com/"));
    }

    @Test
    void externalAndAnonymous_sendTheirSingleMessage() throws SaslException {
        assertEquals("AUTH EXTERNAL =", SaslExchange.of(SaslMechanisms.external("")).authCommand());
        assertEquals("AUTH EXTERNAL Zm9v", SaslExchange.of(SaslMechanisms.external("foo")).authCommand());
        // RFC 4505 section 4 example trace
        assertEquals("AUTH ANONYMOUS c2lyaGM=", SaslExchange.of(SaslMechanisms.anonymous("sirhc")).authCommand());
    }
}
