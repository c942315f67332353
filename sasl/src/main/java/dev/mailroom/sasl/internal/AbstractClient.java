package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.SaslClient;
import dev.mailroom.sasl.SaslException;

/** Shared state handling: closing, errors with the mechanism name, the success default. */
abstract class AbstractClient implements SaslClient {

    private final String mechanism;
    private boolean closed;
    private boolean initialSent;

    AbstractClient(String mechanism) {
        this.mechanism = mechanism;
    }

    @Override
    public final String mechanism() {
        return mechanism;
    }

    @Override
    public final byte[] initialResponse() throws SaslException {
        if (!hasInitialResponse()) {
            throw new IllegalStateException(mechanism + " has no initial response");
        }
        if (initialSent) {
            throw new IllegalStateException(mechanism + ": initial response already sent");
        }
        checkOpen();
        initialSent = true;
        try {
            return computeInitial();
        } catch (SaslException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public final byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        checkOpen();
        try {
            initialSent = true;
            return step(challenge);
        } catch (SaslException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The data of a client-first mechanism. */
    byte[] computeInitial() throws SaslException {
        throw new IllegalStateException(mechanism + " has no initial response");
    }

    /**
     * Answers one challenge. A client-first mechanism whose initial response was not sent with
     * the command gets an empty first challenge here and answers with that response.
     *
     * @param challenge the decoded challenge
     */
    abstract byte[] step(byte[] challenge) throws SaslException;

    @Override
    public void success(byte[] additionalData) throws SaslException {
        try {
            if (additionalData.length > 0) {
                throw error(SaslException.Reason.UNEXPECTED_CHALLENGE,
                        "server sent " + additionalData.length + " bytes of data with its success, but "
                                + mechanism + " has none to expect");
            }
        } finally {
            close();
        }
    }

    @Override
    public void failure() {
        close();
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            clearSecrets();
        }
    }

    /** Overwrites the credentials. */
    abstract void clearSecrets();

    final void checkOpen() throws SaslException {
        if (closed) {
            throw new IllegalStateException(mechanism + " exchange is closed; its credentials were cleared");
        }
    }

    final SaslException error(SaslException.Reason reason, String message) {
        return new SaslException(reason, mechanism, message);
    }

    final SaslException unexpected(byte[] challenge) {
        return error(SaslException.Reason.UNEXPECTED_CHALLENGE,
                "unexpected extra challenge of " + challenge.length + " bytes after the exchange was complete");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + mechanism + (closed ? ", closed" : "") + "]";
    }
}
