package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ServerDecodersTest {

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static SaslException.Reason plainFails(String line) {
        return assertThrows(SaslException.class, () -> PlainResponse.decode(line)).reason();
    }

    @Test
    void plain_decodesSeedLine() throws SaslException {
        try (PlainResponse r = PlainResponse.decode("dXN1YXJpbwB1c3VhcmlvAHBhc3N3b3Jk")) {
            assertEquals("usuario", r.authorizationId());
            assertEquals("usuario", r.authenticationId());
            assertArrayEquals("password".toCharArray(), r.password());
            assertTrue(r.passwordMatches("password".toCharArray()));
            assertFalse(r.passwordMatches("Password".toCharArray()));
            assertEquals("PlainResponse[authzid=usuario, authcid=usuario, password=***]", r.toString());
        }
    }

    @Test
    void plain_strictValidation() {
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, plainFails("dXN1YXJpbwB1c3VhcmlvAHBhc3N3b3J"));
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, plainFails(b64("user\0password")));
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, plainFails(b64("a\0user\0pass\0word")));
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, plainFails(b64("\0\0password")));
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, plainFails(b64("\0user\0")));
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, plainFails(b64("\0" + "u".repeat(256) + "\0pw")));
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, plainFails(b64(new byte[] {0, 'u', 0, (byte) 0xff})));
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, plainFails("A".repeat(5000)));
        SaslException e = assertThrows(SaslException.class, () -> PlainResponse.decode(b64("user\0password")));
        assertEquals("PLAIN: expected 2 NUL separators, found 1", e.getMessage());
    }

    @Test
    void login_serverPromptsAndDecodes() throws SaslException {
        LoginServer s = new LoginServer();
        assertEquals("VXNlcm5hbWU6", s.challenge());
        assertEquals(Optional.of("UGFzc3dvcmQ6"), s.respond("dXN1YXJpbw=="));
        assertEquals(Optional.empty(), s.respond("cGFzc3dvcmQ="));
        assertTrue(s.isComplete());
        assertEquals(Optional.of("usuario"), s.username());
        assertArrayEquals("password".toCharArray(), s.password());
        assertEquals("LoginServer[user=usuario, password=***]", s.toString());
    }

    @Test
    void login_strictValidation() throws SaslException {
        assertThrows(SaslException.class, () -> new LoginServer().respond("dXN1YXJpbw="));
        assertThrows(SaslException.class, () -> new LoginServer().respond(""));
        assertThrows(SaslException.class, () -> new LoginServer().respond(b64("us\0er")));
        assertThrows(SaslException.class, () -> new LoginServer().respond(b64("u".repeat(300))));
        assertThrows(SaslException.class, () -> new LoginServer().respond("*"));
        LoginServer ir = new LoginServer();
        assertEquals(LoginServer.PASSWORD_PROMPT, ir.initialResponse("dXN1YXJpbw=="));
        assertEquals(Optional.empty(), ir.respond("cGFzc3dvcmQ="));
    }

    @Test
    void scramServer_strictValidation() throws SaslException {
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_256, "pencil".toCharArray(), new byte[] {1}, 4096);
        java.util.function.Function<String, Optional<ScramCredential>> users =
                u -> u.equals("user") ? Optional.of(stored) : Optional.empty();
        String[] bad = {"n=user,r=abc", "p=tls-unique,,n=user,r=abc", "x,,n=user,r=abc", "n,,r=abc,n=user",
            "n,,n=user", "n,,n=us=zzer,r=abc", "n,b=x,n=user,r=abc", "n,,m=1,n=user,r=abc", "n,,n=user,r=a" + "b".repeat(5000)};
        for (String m : bad) {
            ScramServer s = ScramServer.create(ScramAlgorithm.SHA_256, users, new SecureRandom());
            SaslException e = assertThrows(SaslException.class, () -> s.serverFirst(m.getBytes(StandardCharsets.UTF_8)), m);
            assertEquals(SaslException.Reason.MALFORMED_RESPONSE, e.reason(), m);
        }
        ScramServer unknown = ScramServer.create(ScramAlgorithm.SHA_256, users, new SecureRandom());
        assertEquals(SaslException.Reason.WRONG_CREDENTIALS, assertThrows(SaslException.class,
                () -> unknown.serverFirst("n,,n=bob,r=abc".getBytes(StandardCharsets.UTF_8))).reason());
        ScramServer plus = ScramServer.create(ScramAlgorithm.SHA_256, users, () -> "srv", true);
        assertEquals(SaslException.Reason.MALFORMED_RESPONSE, assertThrows(SaslException.class,
                () -> plus.serverFirst("y,,n=user,r=abc".getBytes(StandardCharsets.UTF_8))).reason());
        ScramServer ok = ScramServer.create(ScramAlgorithm.SHA_256, users, () -> "srv", false);
        ok.serverFirst("y,,n=user,r=abc".getBytes(StandardCharsets.UTF_8));
        for (String fin : new String[] {"c=biws,r=abcsrv,p=AAAA", "c=eSws,r=abcXXX,p=AAAA", "r=abcsrv,c=eSws,p=AAAA",
            "c=eSws,r=abcsrv"}) {
            ScramServer s2 = ScramServer.create(ScramAlgorithm.SHA_256, users, () -> "srv", false);
            s2.serverFirst("y,,n=user,r=abc".getBytes(StandardCharsets.UTF_8));
            assertEquals(SaslException.Reason.MALFORMED_RESPONSE, assertThrows(SaslException.class,
                    () -> s2.serverFinal(fin.getBytes(StandardCharsets.UTF_8)), fin).reason(), fin);
        }
    }
}
