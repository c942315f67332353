package dev.mailroom.sasl;

import dev.mailroom.sasl.internal.Base64Strict;
import dev.mailroom.sasl.internal.Bytes;
import dev.mailroom.sasl.internal.Scram;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Server side of SCRAM-SHA-1 / SCRAM-SHA-256 for test servers and tools (no channel
 * binding): {@link #serverFirst(byte[])} answers the client-first message,
 * {@link #serverFinal(byte[])} verifies the client's proof and returns the server signature.
 *
 * <p>Validation is strict: messages longer than {@link #MAX_MESSAGE} bytes, not UTF-8, with
 * attributes out of order, a channel-binding flag {@code p}, a {@code y} flag when this server
 * advertises {@code -PLUS} (a downgrade), a nonce that does not match, or a wrong proof fail
 * with {@link SaslException}. Not thread-safe; one instance per exchange.
 */
public final class ScramServer {

    /** The longest client message accepted, in bytes. */
    public static final int MAX_MESSAGE = 4096;

    private final ScramAlgorithm algorithm;
    private final Function<String, Optional<ScramCredential>> users;
    private final Supplier<String> nonces;
    private final boolean advertisesPlus;
    private String clientFirstBare;
    private String serverFirst;
    private String gs2Header;
    private String nonce;
    private String user;
    private ScramCredential credential;
    private boolean done;

    private ScramServer(ScramAlgorithm algorithm, Function<String, Optional<ScramCredential>> users,
            Supplier<String> nonces, boolean advertisesPlus) {
        this.algorithm = algorithm;
        this.users = users;
        this.nonces = nonces;
        this.advertisesPlus = advertisesPlus;
    }

    /**
     * @param algorithm the variant
     * @param users finds the stored credential of a user name (after saslname unescaping)
     * @param random the source of server nonces
     * @return the verifier
     */
    public static ScramServer create(ScramAlgorithm algorithm, Function<String, Optional<ScramCredential>> users,
            SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new ScramServer(Objects.requireNonNull(algorithm, "algorithm"), Objects.requireNonNull(users, "users"),
                () -> {
                    byte[] b = new byte[18];
                    random.nextBytes(b);
                    return Base64.getEncoder().encodeToString(b);
                }, false);
    }

    /**
     * A verifier with a given nonce part, to replay published test vectors. Never use a fixed
     * nonce in a real server.
     *
     * @param algorithm the variant
     * @param users the credential lookup
     * @param nonceSuffix supplies the server's part of the nonce
     * @param advertisesPlus whether this server offers the {@code -PLUS} variant (then a
     *        client flag {@code y} is a downgrade and fails)
     * @return the verifier
     */
    public static ScramServer create(ScramAlgorithm algorithm, Function<String, Optional<ScramCredential>> users,
            Supplier<String> nonceSuffix, boolean advertisesPlus) {
        return new ScramServer(Objects.requireNonNull(algorithm, "algorithm"), Objects.requireNonNull(users, "users"),
                Objects.requireNonNull(nonceSuffix, "nonceSuffix"), advertisesPlus);
    }

    private SaslException bad(String what) {
        return new SaslException(SaslException.Reason.MALFORMED_RESPONSE, algorithm.mechanism(), what);
    }

    private String text(byte[] msg, String what) throws SaslException {
        if (msg.length > MAX_MESSAGE) {
            throw bad(what + " of " + msg.length + " bytes exceeds " + MAX_MESSAGE);
        }
        return new String(Bytes.decodeUtf8(msg, 0, msg.length).orElseThrow(() -> bad(what + " is not UTF-8")));
    }

    /**
     * @param clientFirst the client-first message
     * @return the server-first message {@code r=...,s=...,i=...}
     * @throws SaslException when the message is malformed or the user is unknown
     *         ({@link SaslException.Reason#WRONG_CREDENTIALS})
     */
    public byte[] serverFirst(byte[] clientFirst) throws SaslException {
        if (serverFirst != null) {
            throw new IllegalStateException("client-first message already processed");
        }
        String msg = text(clientFirst, "client-first message");
        // gs2-header: cbind-flag "," [authzid] ","
        int c1 = msg.indexOf(',');
        int c2 = c1 < 0 ? -1 : msg.indexOf(',', c1 + 1);
        if (c2 < 0) {
            throw bad("client-first message has no GS2 header");
        }
        String flag = msg.substring(0, c1);
        if (flag.startsWith("p=")) {
            throw bad("channel binding requested, but this server does not support it");
        }
        if (flag.equals("y") && advertisesPlus) {
            throw bad("client thinks the server cannot do channel binding, but it advertised it: possible downgrade");
        }
        if (!flag.equals("n") && !flag.equals("y")) {
            throw bad("bad channel-binding flag");
        }
        String authz = msg.substring(c1 + 1, c2);
        if (!authz.isEmpty() && !authz.startsWith("a=")) {
            throw bad("bad authorization identity in GS2 header");
        }
        gs2Header = msg.substring(0, c2 + 1);
        clientFirstBare = msg.substring(c2 + 1);
        if (clientFirstBare.startsWith("m=")) {
            throw bad("unsupported mandatory extension");
        }
        Map<Character, String> attrs = Scram.attributes(clientFirstBare).orElseThrow(() -> bad("client-first-bare is not a list of attribute=value"));
        Iterator<Character> keys = attrs.keySet().iterator();
        if (attrs.size() < 2 || keys.next() != 'n' || keys.next() != 'r') {
            throw bad("client-first-bare must start with n=, r=");
        }
        user = Scram.unescape(attrs.get('n')).filter(u -> !u.isEmpty()).orElseThrow(() -> bad("bad user name encoding"));
        String clientNonce = attrs.get('r');
        if (!Scram.printable(clientNonce)) {
            throw bad("client nonce is not printable");
        }
        credential = users.apply(user).orElseThrow(() -> new SaslException(SaslException.Reason.WRONG_CREDENTIALS,
                algorithm.mechanism(), "unknown user " + user));
        if (credential.algorithm() != algorithm) {
            throw new IllegalStateException("stored credential is for " + credential.algorithm().mechanism());
        }
        String suffix = nonces.get();
        if (!Scram.printable(suffix)) {
            throw new IllegalStateException("server nonce must be printable without ','");
        }
        nonce = clientNonce + suffix;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt()) + ",i="
                + credential.iterations();
        return serverFirst.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param clientFinal the client-final message
     * @return the server-final message {@code v=...}
     * @throws SaslException when malformed, or ({@link SaslException.Reason#WRONG_CREDENTIALS})
     *         when the proof is wrong
     */
    public byte[] serverFinal(byte[] clientFinal) throws SaslException {
        if (serverFirst == null || done) {
            throw new IllegalStateException("serverFinal out of order");
        }
        String msg = text(clientFinal, "client-final message");
        int p = msg.lastIndexOf(",p=");
        if (p < 0) {
            throw bad("client-final message has no proof");
        }
        String withoutProof = msg.substring(0, p);
        Map<Character, String> attrs = Scram.attributes(withoutProof).orElseThrow(() -> bad("client-final message is not a list of attribute=value"));
        Iterator<Character> keys = attrs.keySet().iterator();
        if (attrs.size() < 2 || keys.next() != 'c' || keys.next() != 'r') {
            throw bad("client-final message must start with c=, r=");
        }
        byte[] cbind = Base64Strict.decode(attrs.get('c')).orElseThrow(() -> bad("channel binding is not valid base64"));
        if (!new String(cbind, StandardCharsets.UTF_8).equals(gs2Header)) {
            throw bad("channel binding does not repeat the GS2 header");
        }
        if (!attrs.get('r').equals(nonce)) {
            throw bad("nonce does not match");
        }
        byte[] proof = Base64Strict.decode(msg.substring(p + 3)).orElseThrow(() -> bad("proof is not valid base64"));
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = credential.storedKey();
        byte[] clientSignature = Scram.hmac(algorithm, storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            throw bad("proof has the wrong length");
        }
        byte[] clientKey = Scram.xor(proof, clientSignature);
        boolean ok = MessageDigest.isEqual(Scram.hash(algorithm, clientKey), storedKey);
        Bytes.wipe(clientKey);
        if (!ok) {
            throw new SaslException(SaslException.Reason.WRONG_CREDENTIALS, algorithm.mechanism(),
                    "invalid proof for user " + user);
        }
        done = true;
        byte[] serverSignature = Scram.hmac(algorithm, credential.serverKey(), authMessage);
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the authenticated user name, once {@link #serverFinal} succeeded */
    public Optional<String> authenticatedUser() {
        return done ? Optional.of(user) : Optional.empty();
    }
}
