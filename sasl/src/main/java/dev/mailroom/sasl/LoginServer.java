package dev.mailroom.sasl;

import dev.mailroom.sasl.internal.Base64Strict;
import dev.mailroom.sasl.internal.Bytes;
import java.util.Arrays;
import java.util.Optional;

/**
 * Server side of LOGIN, for test servers and tools: sends {@code Username:} and
 * {@code Password:} prompts (as {@link #USERNAME_PROMPT} / {@link #PASSWORD_PROMPT}) and
 * decodes the answers strictly (canonical base64, UTF-8, no NUL, at most 255 bytes each).
 * Accepts the user name as an initial response. Not thread-safe; one instance per exchange.
 */
public final class LoginServer implements AutoCloseable {

    /** {@code Username:} in base64, the first prompt. */
    public static final String USERNAME_PROMPT = "VXNlcm5hbWU6";
    /** {@code Password:} in base64, the second prompt. */
    public static final String PASSWORD_PROMPT = "UGFzc3dvcmQ6";
    /** The longest answer accepted, in bytes. */
    public static final int MAX_FIELD = 255;

    private String username;
    private char[] password;

    /** A fresh exchange. */
    public LoginServer() {
    }

    /**
     * Takes the initial response of {@code AUTH LOGIN <ir>}, the user name.
     *
     * @param base64 the initial response
     * @return the next challenge, {@link #PASSWORD_PROMPT}
     * @throws SaslException when malformed
     * @throws IllegalStateException when the user name is already known
     */
    public String initialResponse(String base64) throws SaslException {
        if (username != null) {
            throw new IllegalStateException("LOGIN user name already received");
        }
        username = new String(field(base64, "user name"));
        return PASSWORD_PROMPT;
    }

    /** @return the challenge to send now: {@link #USERNAME_PROMPT} or {@link #PASSWORD_PROMPT} */
    public String challenge() {
        if (password != null) {
            throw new IllegalStateException("LOGIN exchange is complete");
        }
        return username == null ? USERNAME_PROMPT : PASSWORD_PROMPT;
    }

    /**
     * Takes the client's answer to the current challenge.
     *
     * @param base64 the line the client sent
     * @return the next challenge, or empty when the exchange is complete
     * @throws SaslException when the answer is malformed, or is {@code *} (cancel)
     */
    public Optional<String> respond(String base64) throws SaslException {
        if ("*".equals(base64)) {
            throw new SaslException(SaslException.Reason.MALFORMED_RESPONSE, "LOGIN", "client cancelled the exchange");
        }
        if (username == null) {
            username = new String(field(base64, "user name"));
            return Optional.of(PASSWORD_PROMPT);
        }
        if (password != null) {
            throw new IllegalStateException("LOGIN exchange is complete");
        }
        password = field(base64, "password");
        return Optional.empty();
    }

    private static char[] field(String base64, String what) throws SaslException {
        if (base64.length() > 4 * ((MAX_FIELD + 2) / 3)) {
            throw bad(what + " longer than " + MAX_FIELD + " bytes");
        }
        byte[] raw = Base64Strict.decode(base64).orElseThrow(() -> bad(what + " is not valid base64"));
        try {
            if (raw.length == 0) {
                throw bad("empty " + what);
            }
            for (byte b : raw) {
                if (b == 0) {
                    throw bad(what + " contains NUL");
                }
            }
            return Bytes.decodeUtf8(raw, 0, raw.length).orElseThrow(() -> bad(what + " is not UTF-8"));
        } finally {
            Bytes.wipe(raw);
        }
    }

    private static SaslException bad(String what) {
        return new SaslException(SaslException.Reason.MALFORMED_RESPONSE, "LOGIN", what);
    }

    /** @return true once both answers arrived */
    public boolean isComplete() {
        return password != null;
    }

    /** @return the user name, once received */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * @return a copy of the password
     * @throws IllegalStateException before it arrived
     */
    public char[] password() {
        if (password == null) {
            throw new IllegalStateException("LOGIN password not received yet");
        }
        return password.clone();
    }

    /** Overwrites the password. */
    @Override
    public void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    /** @return the user name, never the password */
    @Override
    public String toString() {
        return "LoginServer[user=" + username + ", password=" + (password == null ? "pending" : "***") + "]";
    }
}
