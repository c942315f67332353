package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.PasswordCredentials;
import dev.mailroom.sasl.SaslException;
import dev.mailroom.sasl.ScramAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * SCRAM-SHA-1 / SCRAM-SHA-256 client (RFC 5802, RFC 7677) without channel binding: the GS2
 * header is {@code n,,} or, when the client could bind to the TLS channel but the server did not
 * offer a {@code -PLUS} variant, {@code y,,} (RFC 5802 section 6). The server's signature is
 * verified; a wrong or missing one fails the exchange.
 */
public final class ScramClient extends AbstractClient {

    private enum State { INITIAL, SENT_FIRST, SENT_FINAL, VERIFIED }

    private final ScramAlgorithm alg;
    private final PasswordCredentials credentials;
    private final String authzid;
    private final String nonce;
    private final boolean channelBindingPossible;
    private State state = State.INITIAL;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    /**
     * @param alg the hash
     * @param credentials user and password
     * @param authzid authorization identity, empty for none
     * @param nonce the client nonce (printable, no comma)
     * @param channelBindingPossible true to send {@code y} instead of {@code n}
     */
    public ScramClient(ScramAlgorithm alg, PasswordCredentials credentials, String authzid, String nonce,
            boolean channelBindingPossible) {
        super(alg.mechanism());
        if (!Scram.printable(nonce)) {
            throw new IllegalArgumentException("SCRAM nonce must be printable ASCII without ','");
        }
        this.alg = alg;
        this.credentials = credentials;
        this.authzid = authzid;
        this.nonce = nonce;
        this.channelBindingPossible = channelBindingPossible;
    }

    /**
     * @param random the source of the nonce
     * @return a fresh nonce: 24 random bytes in base64
     */
    public static String newNonce(SecureRandom random) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    private String gs2Header() throws SaslException {
        String a = "";
        if (!authzid.isEmpty()) {
            a = "a=" + Scram.escape(prepName(authzid, "authorization identity"));
        }
        return (channelBindingPossible ? "y" : "n") + "," + a + ",";
    }

    private String prepName(String name, String what) throws SaslException {
        char[] in = name.toCharArray();
        Optional<char[]> p = SaslPrep.prepare(in);
        if (p.isEmpty() || p.get().length == 0) {
            throw error(SaslException.Reason.BAD_CREDENTIALS, what + " is not valid under SASLprep (RFC 4013)");
        }
        return new String(p.get());
    }

    @Override
    byte[] computeInitial() throws SaslException {
        if (state != State.INITIAL) {
            throw new IllegalStateException(mechanism() + ": client-first message already sent");
        }
        clientFirstBare = "n=" + Scram.escape(prepName(credentials.username(), "user name")) + ",r=" + nonce;
        state = State.SENT_FIRST;
        return (gs2Header() + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    byte[] step(byte[] challenge) throws SaslException {
        switch (state) {
            case INITIAL:
                if (challenge.length != 0) {
                    throw error(SaslException.Reason.MALFORMED_CHALLENGE,
                            "expected an empty challenge before the client-first message, got " + challenge.length + " bytes");
                }
                return computeInitial();
            case SENT_FIRST:
                return clientFinal(challenge);
            case SENT_FINAL:
                verify(challenge);
                return new byte[0];
            default:
                throw unexpected(challenge);
        }
    }

    private String text(byte[] challenge, String what) throws SaslException {
        Optional<char[]> chars = Bytes.decodeUtf8(challenge, 0, challenge.length);
        if (chars.isEmpty()) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, what + " is not valid UTF-8");
        }
        return new String(chars.get());
    }

    private byte[] clientFinal(byte[] challenge) throws SaslException {
        String serverFirst = text(challenge, "server-first message");
        if (serverFirst.startsWith("e=")) {
            throw error(SaslException.Reason.SERVER_ERROR, "server error: " + safe(serverFirst.substring(2)));
        }
        if (serverFirst.startsWith("m=")) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "server requires an unsupported mandatory extension (m=)");
        }
        Map<Character, String> attrs = Scram.attributes(serverFirst).orElseThrow(() -> error(
                SaslException.Reason.MALFORMED_CHALLENGE, "server-first message is not a list of attribute=value"));
        Iterator<Character> keys = attrs.keySet().iterator();
        if (attrs.size() < 3 || keys.next() != 'r' || keys.next() != 's' || keys.next() != 'i') {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "server-first message must start with r=, s=, i=");
        }
        String serverNonce = attrs.get('r');
        if (!serverNonce.startsWith(nonce) || serverNonce.length() == nonce.length() || !Scram.printable(serverNonce)) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "server nonce does not extend the client nonce");
        }
        byte[] salt = Base64Strict.decode(attrs.get('s')).orElseThrow(() -> error(
                SaslException.Reason.MALFORMED_CHALLENGE, "salt is not valid base64"));
        if (salt.length == 0) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "empty salt");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(attrs.get('i'));
        } catch (NumberFormatException e) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "iteration count is not a number");
        }
        if (iterations < 1 || iterations > Scram.MAX_ITERATIONS) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "iteration count " + iterations
                    + " outside 1.." + Scram.MAX_ITERATIONS);
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(gs2Header().getBytes(StandardCharsets.UTF_8))
                + ",r=" + serverNonce;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);

        char[] pw = credentials.password();
        Optional<char[]> prepped = SaslPrep.prepare(pw);
        Bytes.wipe(pw);
        if (prepped.isEmpty() || prepped.get().length == 0) {
            throw error(SaslException.Reason.BAD_CREDENTIALS, "password is empty or not valid under SASLprep (RFC 4013)");
        }
        byte[] pwBytes = Bytes.utf8(prepped.get());
        Bytes.wipe(prepped.get());
        byte[] salted = Scram.hi(alg, pwBytes, salt, iterations);
        Bytes.wipe(pwBytes);
        credentials.clear(); // not needed any more
        byte[] clientKey = Scram.hmac(alg, salted, Bytes.utf8("Client Key"));
        byte[] storedKey = Scram.hash(alg, clientKey);
        byte[] clientSignature = Scram.hmac(alg, storedKey, authMessage);
        byte[] proof = Scram.xor(clientKey, clientSignature);
        byte[] serverKey = Scram.hmac(alg, salted, Bytes.utf8("Server Key"));
        expectedServerSignature = Scram.hmac(alg, serverKey, authMessage);
        Bytes.wipe(salted, clientKey, storedKey, clientSignature, serverKey);
        state = State.SENT_FINAL;
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    private void verify(byte[] challenge) throws SaslException {
        String serverFinal = text(challenge, "server-final message");
        if (serverFinal.startsWith("e=")) {
            throw error(SaslException.Reason.SERVER_ERROR, "server error: " + safe(serverFinal.substring(2)));
        }
        if (!serverFinal.startsWith("v=")) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "server-final message must start with v= or e=");
        }
        int comma = serverFinal.indexOf(',');
        String v = comma < 0 ? serverFinal.substring(2) : serverFinal.substring(2, comma);
        byte[] signature = Base64Strict.decode(v).orElseThrow(() -> error(
                SaslException.Reason.MALFORMED_CHALLENGE, "server signature is not valid base64"));
        if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw error(SaslException.Reason.SERVER_NOT_VERIFIED,
                    "server signature does not match: the server does not know the password");
        }
        state = State.VERIFIED;
    }

    private static String safe(String serverText) {
        String s = serverText.length() > 100 ? serverText.substring(0, 100) + "..." : serverText;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public boolean isComplete() {
        return state == State.VERIFIED;
    }

    @Override
    public void success(byte[] additionalData) throws SaslException {
        try {
            if (state == State.SENT_FINAL && additionalData.length > 0) {
                verify(additionalData);
            } else if (state != State.VERIFIED) {
                throw error(SaslException.Reason.SERVER_NOT_VERIFIED,
                        "server reported success without proving it knows the password (no valid v=)");
            } else if (additionalData.length > 0) {
                throw error(SaslException.Reason.UNEXPECTED_CHALLENGE, "unexpected data after the server signature");
            }
        } finally {
            close();
        }
    }

    @Override
    void clearSecrets() {
        credentials.clear();
        Bytes.wipe(expectedServerSignature);
    }
}
