package dev.mailroom.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: issues server and client certificates for
 * chosen names, writes them as PEM files (as {@code smtp_tls_CAfile}, {@code smtpd_tls_cert_file}
 * and {@code smtpd_tls_key_file} expect), and builds {@link SSLContext}s from them.
 * Keys are EC P-256, so issuing is fast.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final KeyPair caKeys;
    private final X509Certificate caCert;

    private TestPki(KeyPair caKeys, X509Certificate caCert) {
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    /**
     * Creates a new certificate authority named {@code CN=name}.
     *
     * @param name the CA's common name
     * @return the authority
     * @throws GeneralSecurityException when the JDK lacks EC or signing support
     */
    public static TestPki create(String name) throws GeneralSecurityException {
        KeyPair keys = newKeys();
        X500Name subject = new X500Name("CN=" + name);
        X509Certificate cert = sign(subject, keys, subject, keys.getPrivate(), List.of(), true, Duration.ofDays(30));
        return new TestPki(keys, cert);
    }

    /** The authority's own certificate (the trust anchor). */
    public X509Certificate caCertificate() {
        return caCert;
    }

    /**
     * Issues a certificate for {@code commonName} with the given DNS names (or IP addresses) as
     * subject alternative names.
     *
     * @param commonName the subject's CN
     * @param altNames DNS names or literal IP addresses
     * @return the issued key and certificate chain
     * @throws GeneralSecurityException when signing fails
     */
    public Issued issue(String commonName, String... altNames) throws GeneralSecurityException {
        return issue(commonName, Duration.ofDays(30), altNames);
    }

    /**
     * Issues a certificate valid from now for {@code validity} (a negative duration gives a
     * certificate that has already expired).
     *
     * @throws GeneralSecurityException when signing fails
     */
    public Issued issue(String commonName, Duration validity, String... altNames) throws GeneralSecurityException {
        KeyPair keys = newKeys();
        List<GeneralName> names = new ArrayList<>();
        for (String n : altNames) {
            boolean ip = n.matches("[0-9.]+") || n.contains(":");
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        X509Certificate cert = sign(new X500Name("CN=" + commonName), keys,
                X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), caKeys.getPrivate(), names, false,
                validity);
        return new Issued(keys.getPrivate(), List.of(cert, caCert));
    }

    /**
     * Writes the CA certificate as a PEM file.
     *
     * @throws IOException when the file cannot be written
     */
    public Path writeCaPem(Path file) throws IOException {
        Files.writeString(file, pem(caCert), StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * An SSL context for a client that trusts only this authority.
     *
     * @throws GeneralSecurityException when the context cannot be built
     */
    public SSLContext clientContext() throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", caCert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build an in-memory trust store", e);
        }
    }

    /** PEM text of a certificate or key. */
    static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding to a string cannot fail", e);
        }
        return sw.toString();
    }

    /** PKCS#8 PEM, the private-key form every OpenSSL version reads. */
    static String pkcs8Pem(PrivateKey key) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
            List<GeneralName> altNames, boolean ca, Duration validity) throws GeneralSecurityException {
        Instant now = Instant.now();
        Instant notBefore = validity.isNegative() ? now.plus(validity).minus(Duration.ofDays(1)) : now.minus(Duration.ofHours(1));
        Instant notAfter = now.plus(validity);
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (!altNames.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(altNames.toArray(new GeneralName[0])));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("cannot sign a test certificate", e);
        }
    }

    /**
     * A private key with its certificate chain (leaf first, then the CA).
     *
     * @param key the private key
     * @param chain the certificate chain
     */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {

        /** Copies the chain so the record stays immutable. */
        public Issued {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
        }

        /**
         * An SSL context that presents this certificate (for servers, or for clients that
         * authenticate with a certificate) and trusts nothing.
         *
         * @throws GeneralSecurityException when the context cannot be built
         */
        public SSLContext serverContext() throws GeneralSecurityException {
            try {
                char[] pass = "test".toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", key, pass, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pass);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
                return ctx;
            } catch (IOException e) {
                throw new GeneralSecurityException("cannot build an in-memory key store", e);
            }
        }

        /**
         * Writes the certificate chain and the key as PEM files, as Postfix's
         * {@code *_tls_cert_file} and {@code *_tls_key_file} take them.
         *
         * @throws IOException when a file cannot be written
         */
        public void writePem(Path certFile, Path keyFile) throws IOException {
            StringBuilder certs = new StringBuilder();
            chain.forEach(c -> certs.append(pem(c)));
            Files.writeString(certFile, certs, StandardCharsets.US_ASCII);
            Files.writeString(keyFile, pkcs8Pem(key), StandardCharsets.US_ASCII);
        }

        /** Names the certificate's subject only; the key never appears. */
        @Override
        public String toString() {
            return "Issued[" + chain.get(0).getSubjectX500Principal().getName() + "]";
        }
    }
}
