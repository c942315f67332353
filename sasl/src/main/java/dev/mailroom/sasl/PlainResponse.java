package dev.mailroom.sasl;

import dev.mailroom.sasl.internal.Base64Strict;
import dev.mailroom.sasl.internal.Bytes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Server side of PLAIN (RFC 4616), for test servers and tools: a strictly validated decoding
 * of the client's message {@code [authzid] NUL authcid NUL passwd}.
 *
 * <p>Refused with {@link SaslException.Reason#MALFORMED_RESPONSE}: text that is not canonical
 * base64, a message without exactly two NUL separators, an empty authcid or password, a field
 * longer than 255 bytes (RFC 4616 section 2), and bytes that are not UTF-8. Messages never
 * contain the password. {@link #toString()} hides it.
 */
public final class PlainResponse implements AutoCloseable {

    /** The longest field RFC 4616 allows, in bytes. */
    public static final int MAX_FIELD = 255;

    private final String authorizationId;
    private final String authenticationId;
    private final char[] password;

    private PlainResponse(String authorizationId, String authenticationId, char[] password) {
        this.authorizationId = authorizationId;
        this.authenticationId = authenticationId;
        this.password = password;
    }

    /**
     * @param base64 the response line as received (the AUTH initial response or the line after
     *        an empty {@code 334})
     * @return the decoded message
     * @throws SaslException when the line is malformed
     */
    public static PlainResponse decode(String base64) throws SaslException {
        if (base64.length() > 4 * ((3 * MAX_FIELD + 2 + 2) / 3)) {
            throw bad("response of " + base64.length() + " characters is longer than PLAIN allows");
        }
        byte[] raw = Base64Strict.decode(base64).orElseThrow(() -> bad("response is not valid base64"));
        try {
            return decode(raw);
        } finally {
            Bytes.wipe(raw);
        }
    }

    /**
     * @param message the decoded message
     * @return the fields
     * @throws SaslException when the message is malformed
     */
    public static PlainResponse decode(byte[] message) throws SaslException {
        int first = -1;
        int second = -1;
        int count = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == 0) {
                count++;
                if (first < 0) {
                    first = i;
                } else if (second < 0) {
                    second = i;
                }
            }
        }
        if (count != 2) {
            throw bad("expected 2 NUL separators, found " + count);
        }
        int pwLen = message.length - second - 1;
        if (first > MAX_FIELD || second - first - 1 > MAX_FIELD || pwLen > MAX_FIELD) {
            throw bad("a field is longer than " + MAX_FIELD + " bytes");
        }
        if (second - first - 1 == 0) {
            throw bad("empty authentication identity");
        }
        if (pwLen == 0) {
            throw bad("empty password");
        }
        char[] authz = Bytes.decodeUtf8(message, 0, first).orElseThrow(() -> bad("authorization identity is not UTF-8"));
        char[] authc = Bytes.decodeUtf8(message, first + 1, second - first - 1)
                .orElseThrow(() -> bad("authentication identity is not UTF-8"));
        char[] pw = Bytes.decodeUtf8(message, second + 1, pwLen).orElseThrow(() -> bad("password is not UTF-8"));
        return new PlainResponse(new String(authz), new String(authc), pw);
    }

    private static SaslException bad(String what) {
        return new SaslException(SaslException.Reason.MALFORMED_RESPONSE, "PLAIN", what);
    }

    /** @return the authorization identity; empty when the client acts for itself */
    public String authorizationId() {
        return authorizationId;
    }

    /** @return the authorization identity if one was sent */
    public Optional<String> authorizationIdIfAny() {
        return authorizationId.isEmpty() ? Optional.empty() : Optional.of(authorizationId);
    }

    /** @return the authentication identity (the user name) */
    public String authenticationId() {
        return authenticationId;
    }

    /** @return a copy of the password; the caller clears it */
    public char[] password() {
        return password.clone();
    }

    /**
     * Compares the password in constant time.
     *
     * @param expected the expected password
     * @return true when equal
     */
    public boolean passwordMatches(char[] expected) {
        byte[] a = Bytes.utf8(password);
        byte[] b = Bytes.utf8(expected);
        try {
            return MessageDigest.isEqual(a, b);
        } finally {
            Bytes.wipe(a, b);
        }
    }

    /** Overwrites the password. */
    @Override
    public void close() {
        Arrays.fill(password, '\0');
    }

    /** @return the identities, never the password */
    @Override
    public String toString() {
        return "PlainResponse[authzid=" + authorizationId + ", authcid=" + authenticationId + ", password=***]";
    }
}
