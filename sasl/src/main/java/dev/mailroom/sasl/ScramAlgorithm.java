package dev.mailroom.sasl;

/** The SCRAM variants mailroom implements (RFC 5802, RFC 7677). */
public enum ScramAlgorithm {
    /** {@code SCRAM-SHA-1}, RFC 5802. */
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1"),
    /** {@code SCRAM-SHA-256}, RFC 7677. */
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256");

    private final String mechanism;
    private final String digest;
    private final String hmac;

    ScramAlgorithm(String mechanism, String digest, String hmac) {
        this.mechanism = mechanism;
        this.digest = digest;
        this.hmac = hmac;
    }

    /** @return the SASL mechanism name */
    public String mechanism() {
        return mechanism;
    }

    /** @return the JCA name of the hash, e.g. {@code SHA-256} */
    public String digestName() {
        return digest;
    }

    /** @return the JCA name of the HMAC, e.g. {@code HmacSHA256} */
    public String hmacName() {
        return hmac;
    }
}
