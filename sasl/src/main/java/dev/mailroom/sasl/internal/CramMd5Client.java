package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.PasswordCredentials;
import dev.mailroom.sasl.SaslException;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** CRAM-MD5 (RFC 2195): answers the server's challenge with {@code user SP hex(HMAC-MD5(password, challenge))}. */
public final class CramMd5Client extends AbstractClient {

    private final PasswordCredentials credentials;
    private boolean done;

    /** @param credentials user and password */
    public CramMd5Client(PasswordCredentials credentials) {
        super("CRAM-MD5");
        this.credentials = credentials;
    }

    @Override
    public boolean hasInitialResponse() {
        return false;
    }

    @Override
    byte[] step(byte[] challenge) throws SaslException {
        if (done) {
            throw unexpected(challenge);
        }
        if (challenge.length == 0) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "empty challenge; CRAM-MD5 needs the server's timestamp string");
        }
        char[] pw = credentials.password();
        byte[] key = Bytes.utf8(pw);
        Bytes.wipe(pw);
        try {
            if (key.length == 0) {
                throw error(SaslException.Reason.BAD_CREDENTIALS, "empty password");
            }
            done = true;
            return Bytes.utf8(credentials.username() + " " + Bytes.hex(hmacMd5(key, challenge)));
        } finally {
            Bytes.wipe(key);
        }
    }

    static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is not available in this JDK", e);
        }
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
