package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.SaslException;

/** EXTERNAL (RFC 4422 appendix A) and ANONYMOUS (RFC 4505): one client message, no secret. */
public final class SimpleClient extends AbstractClient {

    private final byte[] message;
    private boolean sent;

    /**
     * @param mechanism EXTERNAL or ANONYMOUS
     * @param message the authorization identity (EXTERNAL) or trace (ANONYMOUS), may be empty
     */
    public SimpleClient(String mechanism, String message) {
        super(mechanism);
        this.message = Bytes.utf8(message);
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    byte[] computeInitial() {
        sent = true;
        return message.clone();
    }

    @Override
    byte[] step(byte[] challenge) throws SaslException {
        if (!sent && challenge.length == 0) {
            return computeInitial();
        }
        throw sent ? unexpected(challenge) : error(SaslException.Reason.MALFORMED_CHALLENGE,
                "expected an empty challenge, got " + challenge.length + " bytes");
    }

    @Override
    public boolean isComplete() {
        return sent;
    }

    @Override
    void clearSecrets() {
        // nothing secret
    }
}
