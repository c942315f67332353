package dev.mailroom.sasl;

import java.util.Optional;

/**
 * The client side of one SASL exchange (RFC 4422), in bytes: the protocol engine decodes the
 * server's challenges (for SMTP, the base64 text after {@code 334}) and encodes the responses;
 * {@link SaslExchange} does that for the SMTP/IMAP base64 wire form.
 *
 * <p>Life cycle: if {@link #hasInitialResponse()} the engine sends {@link #initialResponse()}
 * with the AUTH command (it may instead wait for an empty challenge and pass it to
 * {@link #evaluateChallenge(byte[])}, which then answers the same). Each server challenge goes
 * through {@link #evaluateChallenge(byte[])}. When the server reports success, the engine
 * calls {@link #success(byte[])}, which fails when the server has not proven itself where the
 * mechanism can check that (SCRAM); on failure it calls {@link #failure()}. Either way the
 * credentials are cleared; {@link #close()} clears them too and may be called at any time.
 *
 * <p>Instances are single-use and not thread-safe. Messages of every {@link SaslException}
 * thrown here are free of secrets.
 */
public interface SaslClient extends AutoCloseable {

    /** @return the IANA mechanism name, upper case, as sent in {@code AUTH <name>} */
    String mechanism();

    /** @return true when the mechanism sends data first (client-first mechanisms) */
    boolean hasInitialResponse();

    /**
     * The data to send with the AUTH command. May be empty (sent as {@code =} in SMTP).
     *
     * @return the initial response
     * @throws IllegalStateException when the mechanism has none, or the exchange already started
     * @throws SaslException when the credentials cannot be used (e.g. SASLprep rejects them,
     *         or a token source fails)
     */
    byte[] initialResponse() throws SaslException;

    /**
     * Answers one server challenge.
     *
     * @param challenge the decoded challenge (possibly empty)
     * @return the response to send (possibly empty)
     * @throws SaslException when the challenge is malformed, unexpected, carries a server
     *         error, or fails the server's verification
     */
    byte[] evaluateChallenge(byte[] challenge) throws SaslException;

    /**
     * @return true when the mechanism has sent its last message and (where it can) verified
     *         the server; a server success is then expected
     */
    boolean isComplete();

    /**
     * The server reported success. For mechanisms with server-final data (SCRAM) this is where
     * it is checked when the server sent it with the success instead of as a last challenge.
     * Clears the credentials.
     *
     * @param additionalData data sent with the success reply, or an empty array for none
     * @throws SaslException when the server did not prove its identity although the mechanism
     *         requires it (e.g. SCRAM success without a valid {@code v=})
     */
    void success(byte[] additionalData) throws SaslException;

    /** The server rejected the exchange (or it was cancelled). Clears the credentials. */
    void failure();

    /**
     * @return a diagnostic the server sent inside the exchange (e.g. the OAuth JSON status),
     *         safe to log; empty when none
     */
    default Optional<String> serverError() {
        return Optional.empty();
    }

    /** Clears the credentials; the exchange cannot continue afterwards. Idempotent. */
    @Override
    void close();
}
