package dev.mailroom.sasl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mailroom.sasl.OAuthCredentials;
import dev.mailroom.sasl.OAuthTokenSource;
import dev.mailroom.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

final class OAuthClientTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void oauthBearer_withoutHostAndPort_andEscapedUser() throws SaslException {
        OAuthClient c = new OAuthClient(true, new OAuthCredentials("a,b=c", OAuthTokenSource.fixed("t".toCharArray())), null, 0);
        assertEquals("n,a=a=2Cb=3Dc,\u0001auth=Bearer t\u0001\u0001", text(c.initialResponse()));
    }

    @Test
    void refreshHook_givesTheNextExchangeAFreshToken() throws SaslException {
        Deque<String> tokens = new ArrayDeque<>(java.util.List.of("old", "new"));
        OAuthTokenSource source = new OAuthTokenSource() {
            private String current = tokens.pop();

            @Override
            public char[] token() {
                return current.toCharArray();
            }

            @Override
            public void rejected(dev.mailroom.sasl.OAuthError error) {
                current = tokens.pop();
            }
        };
        OAuthCredentials creds = new OAuthCredentials("u", source);
        OAuthClient first = new OAuthClient(false, creds, null, 0);
        assertEquals("user=u\u0001auth=Bearer old\u0001\u0001", text(first.initialResponse()));
        assertEquals(0, first.evaluateChallenge("{\"status\":\"401\"}".getBytes(StandardCharsets.UTF_8)).length);
        SaslException e = assertThrows(SaslException.class, () -> first.success(new byte[0]));
        assertEquals(SaslException.Reason.SERVER_ERROR, e.reason());
        OAuthClient second = new OAuthClient(false, creds, null, 0);
        assertEquals("user=u\u0001auth=Bearer new\u0001\u0001", text(second.initialResponse()));
    }

    @Test
    void tokenWithControlCharacter_isRefused() {
        OAuthClient c = new OAuthClient(false, new OAuthCredentials("u", OAuthTokenSource.fixed("a\u0001b".toCharArray())), null, 0);
        assertEquals(SaslException.Reason.BAD_CREDENTIALS, assertThrows(SaslException.class, c::initialResponse).reason());
    }

    @Test
    void emptyChallengeBeforeInitialResponse_getsTheInitialResponse() throws SaslException {
        OAuthClient c = new OAuthClient(false, new OAuthCredentials("u", OAuthTokenSource.fixed("t".toCharArray())), null, 0);
        assertEquals("user=u\u0001auth=Bearer t\u0001\u0001", text(c.evaluateChallenge(new byte[0])));
    }
}
