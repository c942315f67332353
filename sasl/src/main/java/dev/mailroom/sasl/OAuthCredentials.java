package dev.mailroom.sasl;

import java.util.Objects;

/**
 * A user name and a source of OAuth access tokens, for XOAUTH2 and OAUTHBEARER.
 *
 * @param username the mailbox the token was issued for (sent as {@code user=} / {@code a=})
 * @param tokens where access tokens come from, and the refresh hook
 */
public record OAuthCredentials(String username, OAuthTokenSource tokens) {

    /**
     * @throws IllegalArgumentException when the user name is empty
     * @throws NullPointerException when an argument is null
     */
    public OAuthCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(tokens, "tokens");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("empty OAuth user name");
        }
    }

    /** @return {@code OAuthCredentials[user=NAME, token=***]} */
    @Override
    public String toString() {
        return "OAuthCredentials[user=" + username + ", token=***]";
    }
}
