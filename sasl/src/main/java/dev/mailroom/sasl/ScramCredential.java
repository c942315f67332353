package dev.mailroom.sasl;

import dev.mailroom.sasl.internal.Bytes;
import dev.mailroom.sasl.internal.SaslPrep;
import dev.mailroom.sasl.internal.Scram;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a SCRAM server stores for a user (RFC 5802 section 3): salt, iteration count,
 * {@code StoredKey} and {@code ServerKey}. The password itself is not kept.
 *
 * @param algorithm the SCRAM variant
 * @param salt the salt
 * @param iterations the PBKDF2 iteration count
 * @param storedKey H(ClientKey)
 * @param serverKey HMAC(SaltedPassword, "Server Key")
 */
public record ScramCredential(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey,
        byte[] serverKey) {

    /** Copies the arrays. @throws IllegalArgumentException for a non-positive count or empty salt */
    public ScramCredential {
        Objects.requireNonNull(algorithm, "algorithm");
        if (iterations < 1 || salt.length == 0) {
            throw new IllegalArgumentException("SCRAM credential needs a salt and a positive iteration count");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * Derives the stored form from a password (SASLprep, then PBKDF2).
     *
     * @param algorithm the variant
     * @param password the password; not kept
     * @param salt the salt (16 random bytes is usual)
     * @param iterations the count (4096 is the RFC's minimum recommendation)
     * @return the credential
     * @throws IllegalArgumentException when the password is empty or rejected by SASLprep
     */
    public static ScramCredential derive(ScramAlgorithm algorithm, char[] password, byte[] salt, int iterations) {
        char[] prepped = SaslPrep.prepare(password).filter(p -> p.length > 0).orElseThrow(() ->
                new IllegalArgumentException("password is empty or not valid under SASLprep (RFC 4013)"));
        byte[] pw = Bytes.utf8(prepped);
        Bytes.wipe(prepped);
        byte[] salted = Scram.hi(algorithm, pw, salt, iterations);
        Bytes.wipe(pw);
        byte[] clientKey = Scram.hmac(algorithm, salted, Bytes.utf8("Client Key"));
        byte[] storedKey = Scram.hash(algorithm, clientKey);
        byte[] serverKey = Scram.hmac(algorithm, salted, Bytes.utf8("Server Key"));
        Bytes.wipe(salted, clientKey);
        return new ScramCredential(algorithm, salt, iterations, storedKey, serverKey);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential c && c.algorithm == algorithm && c.iterations == iterations
                && Arrays.equals(c.salt, salt) && Arrays.equals(c.storedKey, storedKey)
                && Arrays.equals(c.serverKey, serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, iterations, Arrays.hashCode(salt));
    }

    /** @return algorithm and iteration count; keys are not shown */
    @Override
    public String toString() {
        return "ScramCredential[" + algorithm.mechanism() + ", i=" + iterations + ", keys=***]";
    }
}
