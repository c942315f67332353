package dev.mailroom.sasl;

/** The SCRAM variants mailroom implements: those of RFC 5802 and RFC 7677, and the other hashes Cyrus SASL offers. */
public enum ScramAlgorithm {
    /** {@code SCRAM-SHA-1}, RFC 5802. */
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1"),
    /** {@code SCRAM-SHA-224} (Cyrus SASL ships it; not IANA-registered). */
    SHA_224("SCRAM-SHA-224", "SHA-224", "HmacSHA224"),
    /** {@code SCRAM-SHA-256}, RFC 7677. */
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256"),
    /** {@code SCRAM-SHA-384} (Cyrus SASL ships it; not IANA-registered). */
    SHA_384("SCRAM-SHA-384", "SHA-384", "HmacSHA384"),
    /** {@code SCRAM-SHA-512} (draft-melnikov-scram-sha-512; Cyrus SASL ships it). */
    SHA_512("SCRAM-SHA-512", "SHA-512", "HmacSHA512");

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
