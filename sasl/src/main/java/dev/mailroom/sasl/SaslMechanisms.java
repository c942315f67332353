package dev.mailroom.sasl;

import dev.mailroom.sasl.internal.CramMd5Client;
import dev.mailroom.sasl.internal.JdkClient;
import dev.mailroom.sasl.internal.LoginClient;
import dev.mailroom.sasl.internal.OAuthClient;
import dev.mailroom.sasl.internal.PlainClient;
import dev.mailroom.sasl.internal.ScramClient;
import dev.mailroom.sasl.internal.SimpleClient;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Creates {@link SaslClient}s. Each client takes ownership of the credentials it is given and
 * clears them when its exchange ends.
 *
 * <p>{@link #forPassword(String, PasswordCredentials, String)} maps a mechanism name chosen by
 * {@link MechanismChooser} to the client for it.
 */
public final class SaslMechanisms {

    /** The mechanisms {@link #forPassword} can create, strongest first (Cyrus order). */
    public static final List<String> PASSWORD_MECHANISMS =
            List.of("SCRAM-SHA-512", "SCRAM-SHA-384", "SCRAM-SHA-256", "SCRAM-SHA-224", "SCRAM-SHA-1",
                    "DIGEST-MD5", "CRAM-MD5", "NTLM", "PLAIN", "LOGIN");

    private static final SecureRandom RANDOM = new SecureRandom();

    private SaslMechanisms() {
    }

    /**
     * PLAIN (RFC 4616) without an authorization identity.
     *
     * @param credentials user and password
     * @return the client; it has an initial response
     */
    public static SaslClient plain(PasswordCredentials credentials) {
        return plain(credentials, "");
    }

    /**
     * PLAIN (RFC 4616) acting for another identity.
     *
     * @param credentials user and password
     * @param authzid the authorization identity; empty for none
     * @return the client
     * @throws IllegalArgumentException when an identity contains NUL
     */
    public static SaslClient plain(PasswordCredentials credentials, String authzid) {
        return new PlainClient(Objects.requireNonNull(credentials, "credentials"), Objects.requireNonNull(authzid, "authzid"));
    }

    /**
     * LOGIN, waiting for the server's {@code Username:} prompt.
     *
     * @param credentials user and password
     * @return the client; it has no initial response
     */
    public static SaslClient login(PasswordCredentials credentials) {
        return new LoginClient(Objects.requireNonNull(credentials, "credentials"), false);
    }

    /**
     * LOGIN sending the user name with the AUTH command ({@code AUTH LOGIN <base64 user>}).
     *
     * @param credentials user and password
     * @return the client; its initial response is the user name
     */
    public static SaslClient loginWithInitialResponse(PasswordCredentials credentials) {
        return new LoginClient(Objects.requireNonNull(credentials, "credentials"), true);
    }

    /**
     * CRAM-MD5 (RFC 2195).
     *
     * @param credentials user and password
     * @return the client
     */
    public static SaslClient cramMd5(PasswordCredentials credentials) {
        return new CramMd5Client(Objects.requireNonNull(credentials, "credentials"));
    }

    /**
     * SCRAM-SHA-256 (RFC 7677) with a nonce from a shared {@link SecureRandom}, no channel
     * binding ({@code n,,}).
     *
     * @param credentials user and password
     * @return the client
     */
    public static SaslClient scramSha256(PasswordCredentials credentials) {
        return scram(ScramAlgorithm.SHA_256, credentials, "", RANDOM, false);
    }

    /**
     * SCRAM-SHA-1 (RFC 5802), no channel binding ({@code n,,}).
     *
     * @param credentials user and password
     * @return the client
     */
    public static SaslClient scramSha1(PasswordCredentials credentials) {
        return scram(ScramAlgorithm.SHA_1, credentials, "", RANDOM, false);
    }

    /**
     * SCRAM with every knob.
     *
     * @param algorithm the hash
     * @param credentials user and password (both go through SASLprep)
     * @param authzid the authorization identity, empty for none
     * @param random the nonce source (inject a seeded one in tests only)
     * @param tlsChannelAvailable the GS2 channel-binding flag (RFC 5802 section 6). mailroom does
     *        not implement channel binding, so {@code false} ({@code n,,}) is the right value for
     *        it; pass {@code true} ({@code y,,}: "I could bind, but you did not offer -PLUS") only
     *        from a client that implements the {@code -PLUS} variants and chose not to use them
     *        because the server did not offer them
     * @return the client
     */
    public static SaslClient scram(ScramAlgorithm algorithm, PasswordCredentials credentials, String authzid,
            SecureRandom random, boolean tlsChannelAvailable) {
        Objects.requireNonNull(credentials, "credentials");
        return new ScramClient(algorithm, credentials, authzid, ScramClient.newNonce(random), tlsChannelAvailable);
    }

    /**
     * XOAUTH2 (Google, Microsoft): {@code user=U ^A auth=Bearer T ^A ^A}. When the server answers
     * with a JSON error challenge, the client answers empty, reports the error to the token
     * source ({@link OAuthTokenSource#rejected}) and through {@link SaslClient#serverError()}.
     *
     * @param credentials user and token source
     * @return the client
     */
    public static SaslClient xoauth2(OAuthCredentials credentials) {
        return new OAuthClient(false, Objects.requireNonNull(credentials, "credentials"), null, 0);
    }

    /**
     * OAUTHBEARER (RFC 7628).
     *
     * @param credentials user and token source
     * @param host the server host name for {@code host=}, or null to omit it
     * @param port the server port for {@code port=}, or 0 to omit it
     * @return the client
     */
    public static SaslClient oauthBearer(OAuthCredentials credentials, String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new OAuthClient(true, Objects.requireNonNull(credentials, "credentials"), host, port);
    }

    /**
     * EXTERNAL (RFC 4422 appendix A): the identity comes from TLS client certificates.
     *
     * @param authzid the authorization identity, empty to derive it from the certificate
     * @return the client
     */
    public static SaslClient external(String authzid) {
        return new SimpleClient("EXTERNAL", Objects.requireNonNull(authzid, "authzid"));
    }

    /**
     * ANONYMOUS (RFC 4505).
     *
     * @param trace trace information (an e-mail address or opaque text), may be empty
     * @return the client
     * @throws IllegalArgumentException when the trace is longer than 255 characters
     */
    public static SaslClient anonymous(String trace) {
        if (trace.codePointCount(0, trace.length()) > 255) {
            throw new IllegalArgumentException("ANONYMOUS trace longer than 255 characters");
        }
        return new SimpleClient("ANONYMOUS", trace);
    }

    /**
     * A mechanism of the JDK's {@code javax.security.sasl} providers (GSSAPI, DIGEST-MD5, NTLM...).
     *
     * @param mechanism the mechanism name
     * @param credentials user and password, or null when the mechanism takes none (GSSAPI
     *        with a JAAS login)
     * @param protocol the service name, e.g. {@code smtp}
     * @param serverName the server's host name
     * @param properties {@link javax.security.sasl.Sasl} properties (e.g. QOP), may be empty
     * @return the adapter
     * @throws SaslException ({@link SaslException.Reason#NO_MECHANISM}) when the JDK has none
     */
    public static SaslClient jdk(String mechanism, PasswordCredentials credentials, String protocol,
            String serverName, Map<String, ?> properties) throws SaslException {
        return JdkClient.create(mechanism, credentials, null, protocol, serverName, null, properties);
    }

    /**
     * The client for a password mechanism chosen by {@link MechanismChooser}.
     *
     * @param mechanism one of {@link #PASSWORD_MECHANISMS}, any case
     * @param credentials user and password
     * @param serverName the server's host name (DIGEST-MD5 needs it)
     * @return the client
     * @throws SaslException when the mechanism is not a password mechanism mailroom knows
     */
    public static SaslClient forPassword(String mechanism, PasswordCredentials credentials, String serverName)
            throws SaslException {
        switch (mechanism.toUpperCase(Locale.ROOT)) {
            case "SCRAM-SHA-512":
                return scram(ScramAlgorithm.SHA_512, credentials, "", RANDOM, false);
            case "SCRAM-SHA-384":
                return scram(ScramAlgorithm.SHA_384, credentials, "", RANDOM, false);
            case "SCRAM-SHA-256":
                return scramSha256(credentials);
            case "SCRAM-SHA-224":
                return scram(ScramAlgorithm.SHA_224, credentials, "", RANDOM, false);
            case "SCRAM-SHA-1":
                return scramSha1(credentials);
            case "CRAM-MD5":
                return cramMd5(credentials);
            case "PLAIN":
                return plain(credentials);
            case "LOGIN":
                return login(credentials);
            case "DIGEST-MD5":
            case "NTLM":
                return jdk(mechanism.toUpperCase(Locale.ROOT), credentials, "smtp", serverName, Map.of());
            default:
                credentials.clear();
                throw new SaslException(SaslException.Reason.NO_MECHANISM, mechanism,
                        "not a password mechanism mailroom implements; expected one of " + PASSWORD_MECHANISMS);
        }
    }
}
