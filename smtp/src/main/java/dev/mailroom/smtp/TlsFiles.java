package dev.mailroom.smtp;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the client's TLS trust anchors and its own certificate come from.
 *
 * @param caFile {@code smtp_tls_CAfile}: a PEM bundle of trusted CA certificates
 * @param caPath {@code smtp_tls_CApath}: a directory of PEM files ({@code *.pem}, {@code *.crt}
 *        and OpenSSL hash links {@code *.0}) with trusted CA certificates
 * @param certFile {@code smtp_tls_cert_file}: the client certificate chain in PEM
 * @param keyFile {@code smtp_tls_key_file}: its private key in PEM (PKCS#8, PKCS#1 or SEC1;
 *        unencrypted); defaults to {@code certFile} as in Postfix
 * @param fingerprintDigest {@code smtp_tls_fingerprint_digest}: {@code sha256} (Postfix 3.6+
 *        default), {@code sha1} or {@code md5}
 * @param useJdkTrustStore when neither {@code caFile} nor {@code caPath} is given, whether the
 *        JDK's trust store is used for {@code verify} and {@code secure} (true by default; Postfix
 *        with {@code tls_append_default_CA = no} would trust nothing, decision 0062)
 */
public record TlsFiles(Optional<Path> caFile, Optional<Path> caPath, Optional<Path> certFile,
        Optional<Path> keyFile, String fingerprintDigest, boolean useJdkTrustStore) {

    /** No files; sha256 fingerprints; the JDK's trust store for verify and secure. */
    public static final TlsFiles DEFAULTS = new TlsFiles(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), "sha256", true);

    /** Checks the digest name. */
    public TlsFiles {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(caPath, "caPath");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        fingerprintDigest = fingerprintDigest.toLowerCase(Locale.ROOT);
        if (!fingerprintDigest.equals("sha256") && !fingerprintDigest.equals("sha1")
                && !fingerprintDigest.equals("md5") && !fingerprintDigest.equals("sha512")) {
            throw new IllegalArgumentException("unsupported smtp_tls_fingerprint_digest: " + fingerprintDigest);
        }
        if (keyFile.isPresent() && certFile.isEmpty()) {
            throw new IllegalArgumentException("smtp_tls_key_file without smtp_tls_cert_file");
        }
    }

    /** @return a copy trusting the CAs in this PEM bundle */
    public TlsFiles withCaFile(Path file) {
        return new TlsFiles(Optional.of(file), caPath, certFile, keyFile, fingerprintDigest, useJdkTrustStore);
    }

    /** @return a copy trusting the CAs in the PEM files of this directory */
    public TlsFiles withCaPath(Path dir) {
        return new TlsFiles(caFile, Optional.of(dir), certFile, keyFile, fingerprintDigest, useJdkTrustStore);
    }

    /** @return a copy presenting this client certificate (PEM) and key (PEM; null: in the certificate file) */
    public TlsFiles withClientCertificate(Path cert, Path key) {
        return new TlsFiles(caFile, caPath, Optional.of(cert), Optional.ofNullable(key), fingerprintDigest,
                useJdkTrustStore);
    }

    /** @return a copy with this fingerprint digest */
    public TlsFiles withFingerprintDigest(String digest) {
        return new TlsFiles(caFile, caPath, certFile, keyFile, digest, useJdkTrustStore);
    }
}
