package dev.mailroom.sasl;

import java.io.IOException;

/**
 * Supplies OAuth 2.0 access tokens to XOAUTH2 and OAUTHBEARER, and learns when the server
 * rejected one so it can refresh.
 *
 * <p>Typical implementation: cache an access token, return it from {@link #token()}, and
 * drop it in {@link #rejected(OAuthError)} so the next call fetches a new one with the refresh
 * token. mailroom does no HTTP itself.
 */
public interface OAuthTokenSource {

    /**
     * @return the current access token; the mechanism clears the returned array after use
     * @throws IOException when no token can be obtained (the message must not contain secrets)
     */
    char[] token() throws IOException;

    /**
     * The refresh hook: the server rejected the last token with this error. The default does
     * nothing.
     *
     * @param error what the server said (status, scope...), never the token
     */
    default void rejected(OAuthError error) {
    }

    /**
     * A source that always returns the same token (copied). Handy for tests and short-lived
     * tools; the array passed in may be cleared by the caller at once.
     *
     * @param token the access token
     * @return the source
     */
    static OAuthTokenSource fixed(char[] token) {
        char[] copy = token.clone();
        return new OAuthTokenSource() {
            @Override
            public char[] token() {
                return copy.clone();
            }

            @Override
            public String toString() {
                return "OAuthTokenSource.fixed[token=***]";
            }
        };
    }
}
