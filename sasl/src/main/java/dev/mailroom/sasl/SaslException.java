package dev.mailroom.sasl;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A SASL exchange could not go on: the server sent something the mechanism cannot accept,
 * the server failed to prove its identity, no mechanism was acceptable, or the server
 * rejected the credentials.
 *
 * <p>The message never contains a password, a token or any other secret, nor any bytes
 * derived from one; it names the mechanism and what went wrong. {@link #reason()} gives the
 * same information as data.
 */
public final class SaslException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the exchange stopped. */
    public enum Reason {
        /** A server challenge was not valid base64, was truncated, or broke the mechanism's syntax. */
        MALFORMED_CHALLENGE,
        /** The server sent a challenge after the mechanism had nothing more to say. */
        UNEXPECTED_CHALLENGE,
        /** Mutual authentication failed: the server's proof (e.g. SCRAM {@code v=}) was wrong or missing. */
        SERVER_NOT_VERIFIED,
        /** The server reported an error inside the exchange (SCRAM {@code e=}, OAuth JSON status). */
        SERVER_ERROR,
        /** The server ended the exchange with a failure reply. */
        AUTHENTICATION_FAILED,
        /** No mechanism is left after the server's offer, the filter and the security options. */
        NO_MECHANISM,
        /** The credentials cannot be used by this mechanism (e.g. SASLprep rejected the password). */
        BAD_CREDENTIALS,
        /** A client response (server side decoders) was malformed or too long. */
        MALFORMED_RESPONSE,
        /** The credentials given to a server-side verifier are wrong. */
        WRONG_CREDENTIALS
    }

    private final Reason reason;
    private final String mechanism;

    /**
     * @param reason why the exchange stopped
     * @param mechanism the mechanism name, or {@code null} when none was chosen
     * @param message what went wrong; must not contain secrets
     */
    public SaslException(Reason reason, String mechanism, String message) {
        super(mechanism == null ? message : mechanism + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.mechanism = mechanism;
    }

    /**
     * @param reason why the exchange stopped
     * @param mechanism the mechanism name, or {@code null}
     * @param message what went wrong; must not contain secrets
     * @param cause the underlying failure (its message must not contain secrets either)
     */
    public SaslException(Reason reason, String mechanism, String message, Throwable cause) {
        this(reason, mechanism, message);
        initCause(cause);
    }

    /** @return why the exchange stopped */
    public Reason reason() {
        return reason;
    }

    /** @return the mechanism in use, when one was chosen */
    public Optional<String> mechanism() {
        return Optional.ofNullable(mechanism);
    }
}
