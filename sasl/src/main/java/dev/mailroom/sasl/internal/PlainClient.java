package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.PasswordCredentials;
import dev.mailroom.sasl.SaslException;

/** PLAIN (RFC 4616): {@code authzid NUL authcid NUL passwd}, in one message. */
public final class PlainClient extends AbstractClient {

    private final PasswordCredentials credentials;
    private final String authzid;
    private boolean done;

    /**
     * @param credentials user and password
     * @param authzid the authorization identity, empty for none
     */
    public PlainClient(PasswordCredentials credentials, String authzid) {
        super("PLAIN");
        if (authzid.indexOf('\0') >= 0 || credentials.username().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PLAIN identities must not contain NUL");
        }
        this.credentials = credentials;
        this.authzid = authzid;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    byte[] computeInitial() throws SaslException {
        char[] pw = credentials.password();
        byte[] pwBytes = Bytes.utf8(pw);
        Bytes.wipe(pw);
        try {
            for (byte b : pwBytes) {
                if (b == 0) {
                    throw error(SaslException.Reason.BAD_CREDENTIALS, "password contains a NUL character");
                }
            }
            done = true;
            return Bytes.concat(Bytes.utf8(authzid), new byte[] {0}, Bytes.utf8(credentials.username()),
                    new byte[] {0}, pwBytes);
        } finally {
            Bytes.wipe(pwBytes);
        }
    }

    @Override
    byte[] step(byte[] challenge) throws SaslException {
        if (!done && challenge.length == 0) {
            return computeInitial(); // server asked with an empty 334 instead of taking an initial response
        }
        if (!done) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE,
                    "expected an empty challenge, got " + challenge.length + " bytes");
        }
        throw unexpected(challenge);
    }

    @Override
    public boolean isComplete() {
        return done;
    }

    @Override
    void clearSecrets() {
        credentials.clear();
    }
}
