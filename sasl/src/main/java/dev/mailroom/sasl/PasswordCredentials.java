package dev.mailroom.sasl;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user name and a password for the password mechanisms (PLAIN, LOGIN, CRAM-MD5, SCRAM,
 * and the JDK's DIGEST-MD5 and NTLM).
 *
 * <p>The password is kept as a {@code char[]} copy and {@linkplain #clear() cleared} by the
 * mechanism when its exchange ends (success, failure or {@link SaslClient#close()}); after
 * that, asking for it fails. {@link #toString()} shows the user name only.
 *
 * <p>Instances are not thread-safe and are meant for one exchange; parse or build a fresh one
 * per authentication.
 */
public final class PasswordCredentials implements AutoCloseable {

    private final String username;
    private final char[] password;
    private boolean cleared;

    private PasswordCredentials(String username, char[] password) {
        this.username = username;
        this.password = password;
    }

    /**
     * @param username the authentication identity; must not be empty
     * @param password the password; copied, the caller may clear its array at once
     * @return the credentials
     * @throws IllegalArgumentException when the user name is empty
     * @throws NullPointerException when an argument is null
     */
    public static PasswordCredentials of(String username, char[] password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("empty SASL user name");
        }
        return new PasswordCredentials(username, password.clone());
    }

    /**
     * Parses a Postfix {@code smtp_sasl_password_maps} result, {@code user:password}: the value
     * is split at the <em>first</em> colon, so the password may itself contain colons (as
     * Postfix 3.7 does; the delimiter is not configurable before 3.9).
     *
     * <p>The value is a secret: error messages never quote it.
     *
     * @param value the right-hand side of a {@code sasl_passwd} entry
     * @return the credentials
     * @throws IllegalArgumentException when there is no colon or the user part is empty
     */
    public static PasswordCredentials parseSaslPasswd(CharSequence value) {
        Objects.requireNonNull(value, "value");
        int colon = -1;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            throw new IllegalArgumentException("sasl_passwd value has no ':' between user name and password"
                    + " (value of " + value.length() + " characters not shown)");
        }
        if (colon == 0) {
            throw new IllegalArgumentException("sasl_passwd value has an empty user name before ':'");
        }
        char[] pw = new char[value.length() - colon - 1];
        for (int i = 0; i < pw.length; i++) {
            pw[i] = value.charAt(colon + 1 + i);
        }
        return new PasswordCredentials(value.subSequence(0, colon).toString(), pw);
    }

    /** @return the authentication identity (not a secret) */
    public String username() {
        return username;
    }

    /**
     * @return a copy of the password; the caller should clear it after use
     * @throws IllegalStateException once the credentials were cleared
     */
    public char[] password() {
        if (cleared) {
            throw new IllegalStateException("the password of " + username + " was cleared after its exchange");
        }
        return password.clone();
    }

    /** Overwrites the password with zeros. Idempotent. */
    public void clear() {
        Arrays.fill(password, '\0');
        cleared = true;
    }

    /** @return true once {@link #clear()} ran */
    public boolean isCleared() {
        return cleared;
    }

    /** Same as {@link #clear()}. */
    @Override
    public void close() {
        clear();
    }

    /** @return {@code PasswordCredentials[user=NAME, password=***]}; never the password */
    @Override
    public String toString() {
        return "PasswordCredentials[user=" + username + ", password=" + (cleared ? "cleared" : "***") + "]";
    }
}
