package dev.mailroom.smtp;

import dev.mailroom.sasl.OAuthCredentials;
import dev.mailroom.sasl.PasswordCredentials;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the client authenticates with. The mechanism is chosen per connection from the
 * server's offer under the {@link dev.mailroom.sasl.SaslPolicy} in {@link SmtpOptions}.
 * {@code toString()} never shows a secret.
 */
public sealed interface Authentication {

    /** @return the identity used as part of the connection-cache key (user name, never a secret) */
    String identity();

    /**
     * A user name and password for PLAIN, LOGIN, CRAM-MD5, SCRAM... The password is copied;
     * each authentication gets a fresh {@link PasswordCredentials} that is cleared after use.
     *
     * @param username the user name
     * @param password the password (copied)
     * @return the authentication
     */
    static Authentication password(String username, char[] password) {
        return new Password(username, password.clone());
    }

    /**
     * An OAuth user and token source for XOAUTH2 and OAUTHBEARER. A rejected token is reported
     * to the source ({@link dev.mailroom.sasl.OAuthTokenSource#rejected}) and the exchange is
     * tried once more with a fresh token.
     *
     * @param credentials user and token source
     * @return the authentication
     */
    static Authentication oauth(OAuthCredentials credentials) {
        return new OAuth(credentials);
    }

    /** Password authentication; see {@link #password(String, char[])}. */
    final class Password implements Authentication {
        private final String username;
        private final char[] password;

        private Password(String username, char[] password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = password;
        }

        @Override
        public String identity() {
            return "password:" + username;
        }

        /** @return the user name */
        public String username() {
            return username;
        }

        /** @return fresh single-use credentials (the caller's exchange clears them) */
        public PasswordCredentials credentials() {
            char[] copy = password.clone();
            try {
                return PasswordCredentials.of(username, copy);
            } finally {
                Arrays.fill(copy, '\0');
            }
        }

        @Override
        public String toString() {
            return "Authentication.Password[username=" + username + ", password=***]";
        }
    }

    /** OAuth authentication; see {@link #oauth(OAuthCredentials)}. */
    record OAuth(OAuthCredentials credentials) implements Authentication {
        /** Checks the credentials are present. */
        public OAuth {
            Objects.requireNonNull(credentials, "credentials");
        }

        @Override
        public String identity() {
            return "oauth:" + credentials.username();
        }

        @Override
        public String toString() {
            return "Authentication.OAuth[username=" + credentials.username() + ", token=***]";
        }
    }
}
