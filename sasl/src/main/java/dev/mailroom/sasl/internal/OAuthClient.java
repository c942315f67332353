package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.OAuthCredentials;
import dev.mailroom.sasl.OAuthError;
import dev.mailroom.sasl.SaslException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * XOAUTH2 (Google/Microsoft) and OAUTHBEARER (RFC 7628). Both send the bearer token in the
 * initial response. On failure the server sends a JSON error as a challenge; the client
 * records it, tells the token source (the refresh hook), and answers as the mechanism
 * requires (XOAUTH2: empty response; OAUTHBEARER: a single {@code %x01}) so the server can
 * end the exchange with its failure reply.
 */
public final class OAuthClient extends AbstractClient {

    private final boolean bearer;
    private final OAuthCredentials credentials;
    private final String host;
    private final int port;
    private boolean sent;
    private boolean errorAnswered;
    private OAuthError error;

    /**
     * @param bearer true for OAUTHBEARER, false for XOAUTH2
     * @param credentials user and token source
     * @param host OAUTHBEARER {@code host=}, or null to omit
     * @param port OAUTHBEARER {@code port=}, or 0 to omit
     */
    public OAuthClient(boolean bearer, OAuthCredentials credentials, String host, int port) {
        super(bearer ? "OAUTHBEARER" : "XOAUTH2");
        if (credentials.username().indexOf('\u0001') >= 0 || (host != null && host.indexOf('\u0001') >= 0)) {
            throw new IllegalArgumentException("OAuth user and host must not contain ^A");
        }
        this.bearer = bearer;
        this.credentials = credentials;
        this.host = host;
        this.port = port;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    byte[] computeInitial() throws SaslException {
        char[] token;
        try {
            token = credentials.tokens().token();
        } catch (IOException e) {
            throw new SaslException(SaslException.Reason.BAD_CREDENTIALS, mechanism(),
                    "the OAuth token source failed: " + e.getClass().getSimpleName(), e);
        }
        byte[] tokenBytes = Bytes.utf8(token);
        Bytes.wipe(token);
        try {
            for (byte b : tokenBytes) {
                if (b < 0x20 || b == 0x7f) {
                    throw error(SaslException.Reason.BAD_CREDENTIALS, "access token contains a control character");
                }
            }
            String head;
            if (bearer) {
                StringBuilder sb = new StringBuilder("n,a=").append(Scram.escape(credentials.username())).append(",\u0001");
                if (host != null) {
                    sb.append("host=").append(host).append('\u0001');
                }
                if (port > 0) {
                    sb.append("port=").append(port).append('\u0001');
                }
                head = sb.append("auth=Bearer ").toString();
            } else {
                head = "user=" + credentials.username() + "\u0001auth=Bearer ";
            }
            sent = true;
            return Bytes.concat(head.getBytes(StandardCharsets.UTF_8), tokenBytes, new byte[] {1, 1});
        } finally {
            Bytes.wipe(tokenBytes);
        }
    }

    @Override
    byte[] step(byte[] challenge) throws SaslException {
        if (!sent) {
            if (challenge.length == 0) {
                return computeInitial();
            }
            throw error(SaslException.Reason.MALFORMED_CHALLENGE,
                    "expected an empty challenge before the initial response, got " + challenge.length + " bytes");
        }
        if (errorAnswered) {
            throw unexpected(challenge);
        }
        String text = new String(challenge, StandardCharsets.UTF_8);
        Optional<Map<String, String>> members = Json.flatObject(text);
        if (members.isEmpty()) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE,
                    "server challenge of " + challenge.length + " bytes is not the JSON error object expected");
        }
        Map<String, String> m = members.get();
        error = new OAuthError(m.getOrDefault("status", ""), Optional.ofNullable(m.get("scope")),
                Optional.ofNullable(m.get("schemes")), Optional.ofNullable(m.get("openid-configuration")), m);
        errorAnswered = true;
        credentials.tokens().rejected(error);
        return bearer ? new byte[] {1} : new byte[0];
    }

    /** @return the error the server sent, if any */
    public Optional<OAuthError> oauthError() {
        return Optional.ofNullable(error);
    }

    @Override
    public Optional<String> serverError() {
        return oauthError().map(OAuthError::summary);
    }

    @Override
    public boolean isComplete() {
        return sent;
    }

    @Override
    public void success(byte[] additionalData) throws SaslException {
        if (errorAnswered) {
            close();
            throw error(SaslException.Reason.SERVER_ERROR,
                    "server reported success after rejecting the token (" + error.summary() + ")");
        }
        super.success(additionalData);
    }

    @Override
    void clearSecrets() {
        // the token is fetched when needed and wiped at once; nothing is kept
    }
}
