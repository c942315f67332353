package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.Test;

/** The javax.security.sasl adapter, against the JDK's own DIGEST-MD5 server. */
final class JdkAdapterTest {

    private static SaslServer digestServer(String password) throws javax.security.sasl.SaslException {
        return Sasl.createSaslServer("DIGEST-MD5", "smtp", "mail.example.com", Map.of(Sasl.QOP, "auth"), callbacks -> {
            String user = null;
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback) {
                    user = ((NameCallback) cb).getDefaultName();
                } else if (cb instanceof PasswordCallback) {
                    ((PasswordCallback) cb).setPassword("alice".equals(user) ? password.toCharArray() : new char[0]);
                } else if (cb instanceof RealmCallback) {
                    ((RealmCallback) cb).setText(((RealmCallback) cb).getDefaultText());
                } else if (cb instanceof AuthorizeCallback) {
                    AuthorizeCallback ac = (AuthorizeCallback) cb;
                    ac.setAuthorized(ac.getAuthenticationID().equals(ac.getAuthorizationID()));
                }
            }
        });
    }

    /** Runs the exchange on the wire form until the server is done; returns the client. */
    private static SaslExchange run(SaslServer server, PasswordCredentials creds) throws Exception {
        SaslExchange ex = SaslExchange.of(SaslMechanisms.jdk("DIGEST-MD5", creds, "smtp", "mail.example.com", Map.of()));
        assertEquals("AUTH DIGEST-MD5", ex.authCommand());
        byte[] challenge = server.evaluateResponse(new byte[0]);
        while (!server.isComplete()) {
            String response = ex.respond(SaslExchange.encode(challenge));
            challenge = server.evaluateResponse(SaslExchange.decode(response, null));
        }
        // rspauth comes as a last challenge, the client verifies it and answers empty
        if (challenge != null && challenge.length > 0) {
            assertEquals("", ex.respond(SaslExchange.encode(challenge)));
        }
        return ex;
    }

    @Test
    void digestMd5_authenticatesAgainstJdkServer_andVerifiesRspauth() throws Exception {
        SaslServer server = digestServer("wonderland");
        PasswordCredentials creds = PasswordCredentials.of("alice", "wonderland".toCharArray());
        SaslExchange ex = run(server, creds);
        assertTrue(server.isComplete());
        assertEquals("alice", server.getAuthorizationID());
        assertTrue(ex.client().isComplete());
        ex.succeeded("");
        assertTrue(creds.isCleared());
    }

    @Test
    void digestMd5_wrongPassword_isRejectedByServer() throws Exception {
        SaslServer server = digestServer("wonderland");
        SaslExchange ex = SaslExchange.of(SaslMechanisms.jdk("DIGEST-MD5",
                PasswordCredentials.of("alice", "looking-glass".toCharArray()), "smtp", "mail.example.com", Map.of()));
        ex.initialResponse();
        String response = ex.respond(SaslExchange.encode(server.evaluateResponse(new byte[0])));
        assertThrows(javax.security.sasl.SaslException.class, () -> server.evaluateResponse(SaslExchange.decode(response, null)));
        assertFalse(server.isComplete());
        assertEquals(SaslException.Reason.AUTHENTICATION_FAILED, ex.failed("535 5.7.8 bad").reason());
    }

    @Test
    void digestMd5_forgedRspauth_failsTheClient() throws Exception {
        SaslServer server = digestServer("wonderland");
        SaslExchange ex = SaslExchange.of(SaslMechanisms.jdk("DIGEST-MD5",
                PasswordCredentials.of("alice", "wonderland".toCharArray()), "smtp", "mail.example.com", Map.of()));
        ex.initialResponse();
        String response = ex.respond(SaslExchange.encode(server.evaluateResponse(new byte[0])));
        server.evaluateResponse(SaslExchange.decode(response, null));
        SaslException e = assertThrows(SaslException.class,
                () -> ex.respond(SaslExchange.encode("rspauth=00000000000000000000000000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        assertEquals(SaslException.Reason.MALFORMED_CHALLENGE, e.reason());
    }

    @Test
    void unknownJdkMechanism_isReported() {
        SaslException e = assertThrows(SaslException.class, () -> SaslMechanisms.jdk("X-NOPE", null, "smtp", "h", Map.of()));
        assertEquals(SaslException.Reason.NO_MECHANISM, e.reason());
    }

    @Test
    void forPassword_createsNtlmThroughTheJdk() throws SaslException {
        SaslClient ntlm = SaslMechanisms.forPassword("ntlm", PasswordCredentials.of("DOMAIN\\bob", "pw".toCharArray()), "h");
        assertEquals("NTLM", ntlm.mechanism());
        ntlm.close();
    }
}
