package dev.mailroom.smtp.internal;

import dev.mailroom.smtp.TlsFiles;
import dev.mailroom.smtp.TlsLevel;
import dev.mailroom.smtp.TlsPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS for the client: one {@link SSLContext} per {@link TlsFiles} (shared by the connections of a
 * client so the JDK can resume sessions), the trust anchors for {@code verify}/{@code secure},
 * and the checks Postfix makes after the handshake (PKIX chain, name match, fingerprint).
 *
 * <p>The handshake itself accepts any server certificate; the policy is applied right after it,
 * before any SMTP command goes out, so the engine can report why a certificate failed and
 * {@code may}/{@code encrypt} can go on without a check, as in Postfix.
 */
public final class TlsSupport {

    private final SSLContext context;
    private final Set<TrustAnchor> anchors;
    private final String digest;

    private TlsSupport(SSLContext context, Set<TrustAnchor> anchors, String digest) {
        this.context = context;
        this.anchors = anchors;
        this.digest = digest;
    }

    /**
     * @param files the CA and client certificate files
     * @return the support object
     * @throws IOException when a file cannot be read or parsed (names the file)
     */
    public static TlsSupport create(TlsFiles files) throws IOException {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            if (files.caFile().isPresent()) {
                for (X509Certificate c : readCertificates(files.caFile().get())) {
                    anchors.add(new TrustAnchor(c, null));
                }
            }
            if (files.caPath().isPresent()) {
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(files.caPath().get())) {
                    for (Path p : dir) {
                        String n = p.getFileName().toString();
                        if (Files.isRegularFile(p) && (n.endsWith(".pem") || n.endsWith(".crt")
                                || n.matches("[0-9a-f]{8}\\.[0-9]+"))) {
                            for (X509Certificate c : readCertificates(p)) {
                                anchors.add(new TrustAnchor(c, null));
                            }
                        }
                    }
                }
            }
            if (files.caFile().isEmpty() && files.caPath().isEmpty() && files.useJdkTrustStore()) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        for (X509Certificate c : x.getAcceptedIssuers()) {
                            anchors.add(new TrustAnchor(c, null));
                        }
                    }
                }
            }
            KeyManager[] keyManagers = null;
            if (files.certFile().isPresent()) {
                Path certFile = files.certFile().get();
                Path keyFile = files.keyFile().orElse(certFile);
                List<X509Certificate> chain = readCertificates(certFile);
                if (chain.isEmpty()) {
                    throw new IOException(certFile + ": no certificate found");
                }
                PrivateKey key = readKey(keyFile);
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] pw = new char[0];
                ks.setKeyEntry("client", key, pw, chain.toArray(X509Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, new TrustManager[] {new AcceptAll()}, null);
            return new TlsSupport(ctx, Set.copyOf(anchors), files.fingerprintDigest());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** @return the shared context */
    public SSLContext context() {
        return context;
    }

    /**
     * Reads every certificate of a PEM file.
     *
     * @param file the file
     * @return the certificates, in file order
     * @throws IOException when the file cannot be read or holds a malformed certificate
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : cf.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + ": not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file); PEMParser p = new PEMParser(r)) {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof PEMKeyPair kp) {
                    return conv.getKeyPair(kp).getPrivate();
                }
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
            }
        }
        throw new IOException(file + ": no unencrypted private key (PKCS#8, PKCS#1 or SEC1 PEM) found");
    }

    /**
     * Enabled protocols for a Postfix protocol list.
     *
     * @param spec e.g. {@code >=TLSv1.2}, {@code !SSLv3, !TLSv1}, {@code TLSv1.2:TLSv1.3}
     * @param supported what the JDK enables by default
     * @return the protocols to enable
     * @throws IllegalArgumentException when nothing is left or a protocol name is unknown
     */
    public static List<String> protocols(String spec, Collection<String> supported) {
        List<String> order = List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
        Set<String> result = new HashSet<>(supported);
        Set<String> only = new HashSet<>();
        for (String raw : spec.split("[\\s,:]+")) {
            String t = raw.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith(">=") || t.startsWith("<=")) {
                int idx = indexOf(order, t.substring(2));
                result.removeIf(pr -> {
                    int i = order.indexOf(pr);
                    return t.startsWith(">=") ? i < idx : i > idx;
                });
            } else if (t.startsWith("!")) {
                indexOf(order, t.substring(1));
                result.remove(t.substring(1));
            } else {
                indexOf(order, t);
                only.add(t);
            }
        }
        if (!only.isEmpty()) {
            result.retainAll(only);
        }
        List<String> out = order.stream().filter(result::contains).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("TLS protocols \"" + spec + "\" leave no protocol enabled");
        }
        return out;
    }

    private static int indexOf(List<String> order, String name) {
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown TLS protocol \"" + name + "\"");
    }

    /**
     * Enabled cipher suites after {@code exclude=}.
     *
     * @param exclude names or OpenSSL-style tokens separated by space, comma or colon
     * @param enabled the JDK defaults
     * @return the suites, in the JDK's order
     */
    public static List<String> suites(String exclude, List<String> enabled) {
        List<String> out = new ArrayList<>(enabled);
        for (String raw : exclude.split("[\\s,:]+")) {
            String t = raw.strip();
            if (t.isEmpty()) {
                continue;
            }
            String needle = switch (t.toUpperCase(Locale.ROOT)) {
                case "ANULL" -> "_ANON_";
                case "ENULL", "NULL" -> "_NULL";
                case "MD5" -> "_MD5";
                case "RC4" -> "_RC4_";
                case "3DES" -> "3DES";
                case "DES" -> "_DES_";
                case "SHA1", "SHA" -> "_SHA$";
                case "CBC" -> "_CBC_";
                case "KRSA" -> "^TLS_RSA_";
                case "CHACHA20" -> "CHACHA20";
                case "AES128" -> "AES_128";
                case "AES256" -> "AES_256";
                default -> t.toUpperCase(Locale.ROOT).replace('-', '_');
            };
            out.removeIf(s -> matches(s.toUpperCase(Locale.ROOT), needle));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("TLS exclude=\"" + exclude + "\" leaves no cipher suite enabled");
        }
        return out;
    }

    private static boolean matches(String suite, String needle) {
        if (needle.startsWith("^")) {
            return suite.startsWith(needle.substring(1));
        }
        if (needle.endsWith("$")) {
            return suite.endsWith(needle.substring(0, needle.length() - 1));
        }
        return suite.contains(needle);
    }

    /**
     * The checks after the handshake.
     *
     * @param chain the server's chain, leaf first
     * @param policy the policy
     * @param hostname the server's host name (MX name or the host of {@code [host]})
     * @param nexthop the nexthop domain (without brackets and port)
     * @return what was found
     */
    public Verification verify(List<X509Certificate> chain, TlsPolicy policy, String hostname, String nexthop) {
        String trustProblem = pkix(chain);
        boolean trusted = trustProblem == null;
        List<String> names = names(chain.isEmpty() ? null : chain.get(0));
        boolean fingerprint = false;
        if (policy.level() == TlsLevel.FINGERPRINT && !chain.isEmpty()) {
            fingerprint = fingerprintMatches(chain.get(0), policy.match());
        }
        List<String> patterns = policy.match();
        if (patterns.isEmpty()) {
            patterns = policy.level() == TlsLevel.SECURE ? List.of("nexthop", "dot-nexthop") : List.of("hostname");
        }
        boolean nameMatched = false;
        for (String pat : patterns) {
            for (String n : names) {
                if (nameMatches(pat, n, hostname, nexthop)) {
                    nameMatched = true;
                }
            }
        }
        return new Verification(trusted, trustProblem == null ? "" : trustProblem, nameMatched, names, fingerprint,
                chain.isEmpty() ? "" : fingerprint(chain.get(0)));
    }

    private String pkix(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return "no certificate";
        }
        if (anchors.isEmpty()) {
            return "no trust anchors configured (smtp_tls_CAfile, smtp_tls_CApath)";
        }
        try {
            List<X509Certificate> path = new ArrayList<>(chain);
            // a self-signed anchor sent by the server is not part of the path
            while (path.size() > 1 && isSelfSigned(path.get(path.size() - 1))) {
                path.remove(path.size() - 1);
            }
            for (TrustAnchor a : anchors) {
                if (a.getTrustedCert().equals(path.get(0))) {
                    return null;
                }
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return null;
        } catch (GeneralSecurityException e) {
            return "certificate chain not trusted: " + e.getMessage();
        }
    }

    private static boolean isSelfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private static List<String> names(X509Certificate leaf) {
        if (leaf == null) {
            return List.of();
        }
        List<String> dns = new ArrayList<>();
        try {
            Collection<List<?>> alts = leaf.getSubjectAlternativeNames();
            if (alts != null) {
                for (List<?> alt : alts) {
                    if (alt.size() == 2 && Integer.valueOf(2).equals(alt.get(0))) {
                        dns.add(String.valueOf(alt.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (dns.isEmpty()) {
            // no DNS names: the subject CN, as OpenSSL's host check does
            String dn = leaf.getSubjectX500Principal().getName();
            for (String part : dn.split(",")) {
                if (part.startsWith("CN=")) {
                    dns.add(part.substring(3));
                }
            }
        }
        return dns;
    }

    static boolean nameMatches(String pattern, String certName, String hostname, String nexthop) {
        String name = certName.toLowerCase(Locale.ROOT);
        String p = pattern.toLowerCase(Locale.ROOT);
        switch (p) {
            case "hostname":
                return hostMatch(name, hostname);
            case "nexthop":
                return hostMatch(name, nexthop);
            case "dot-nexthop":
                return subdomain(name, "." + nexthop.toLowerCase(Locale.ROOT));
            default:
                if (p.startsWith(".")) {
                    return subdomain(name, p);
                }
                return hostMatch(name, p);
        }
    }

    private static boolean hostMatch(String certName, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (certName.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(certName.substring(1));
        }
        return certName.equals(h);
    }

    private static boolean subdomain(String certName, String dotDomain) {
        String n = certName.startsWith("*.") ? certName.substring(1) : certName;
        return n.endsWith(dotDomain) && n.length() > dotDomain.length();
    }

    private boolean fingerprintMatches(X509Certificate leaf, List<String> match) {
        String cert = fingerprint(leaf);
        String key = hex(leaf.getPublicKey().getEncoded());
        for (String m : match) {
            String want = m.replace(":", "").toLowerCase(Locale.ROOT);
            if (want.equals(cert.replace(":", "").toLowerCase(Locale.ROOT))
                    || want.equals(key.replace(":", "").toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param cert a certificate
     * @return its digest with {@code smtp_tls_fingerprint_digest}, as {@code AA:BB:...}
     */
    public String fingerprint(X509Certificate cert) {
        try {
            return hex(cert.getEncoded());
        } catch (GeneralSecurityException e) {
            return "";
        }
    }

    private String hex(byte[] data) {
        try {
            String alg = switch (digest) {
                case "sha1" -> "SHA-1";
                case "md5" -> "MD5";
                case "sha512" -> "SHA-512";
                default -> "SHA-256";
            };
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance(alg).digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the post-handshake checks found.
     *
     * @param trusted whether the chain leads to a trust anchor
     * @param trustProblem why not, or empty
     * @param nameMatched whether a certificate name matched the policy's {@code match} patterns
     * @param names the names in the certificate (DNS SANs, or the CN without any)
     * @param fingerprintMatched whether the fingerprint matched ({@code fingerprint} level)
     * @param fingerprint the leaf's digest
     */
    public record Verification(boolean trusted, String trustProblem, boolean nameMatched, List<String> names,
            boolean fingerprintMatched, String fingerprint) {
        /** Copies. */
        public Verification {
            names = List.copyOf(names);
        }
    }

    /** Accepts every chain: the policy is checked after the handshake. */
    private static final class AcceptAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // checked after the handshake
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // checked after the handshake
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // checked after the handshake
        }
    }

    @Override
    public String toString() {
        return "TlsSupport[anchors=" + anchors.size() + ", digest=" + digest + "]";
    }

}
