package dev.mailroom.sasl;

import dev.mailroom.sasl.internal.Base64Strict;
import java.util.Objects;
import java.util.Optional;

/**
 * Drives a {@link SaslClient} in the base64 text form SMTP (RFC 4954), IMAP and POP3 use:
 * the text after {@code 334 } goes into {@link #respond(String)}, and what it returns is the
 * next line to send. The split is deliberate (decision 0040): mechanisms work on bytes, as
 * RFC 4422 defines them; base64, the {@code =} form of an empty initial response and the
 * {@code *} cancel line belong to the wire, and live here once.
 *
 * <p>Challenges are decoded strictly: anything but canonical base64 (RFC 4648 alphabet,
 * correct padding, no whitespace) fails with {@link SaslException.Reason#MALFORMED_CHALLENGE},
 * as does a challenge longer than the limit (64 KiB of text by default).
 *
 * <p>A {@code SaslExchange} owns its client: {@link #succeeded(String)}, {@link #failed(String)},
 * {@link #cancel()} and {@link #close()} all clear the credentials.
 */
public final class SaslExchange implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.mailroom.sasl");

    /** The default limit on the length of one base64 challenge line, in characters. */
    public static final int DEFAULT_MAX_CHALLENGE = 65_536;

    private final SaslClient client;
    private final int maxChallenge;
    private boolean started;
    private boolean finished;

    private SaslExchange(SaslClient client, int maxChallenge) {
        this.client = client;
        this.maxChallenge = maxChallenge;
    }

    /**
     * @param client the mechanism to drive
     * @return an exchange with the default challenge limit
     */
    public static SaslExchange of(SaslClient client) {
        return of(client, DEFAULT_MAX_CHALLENGE);
    }

    /**
     * @param client the mechanism to drive
     * @param maxChallengeChars the longest challenge line accepted
     * @return the exchange
     * @throws IllegalArgumentException when the limit is not positive
     */
    public static SaslExchange of(SaslClient client, int maxChallengeChars) {
        Objects.requireNonNull(client, "client");
        if (maxChallengeChars <= 0) {
            throw new IllegalArgumentException("maxChallengeChars must be positive: " + maxChallengeChars);
        }
        return new SaslExchange(client, maxChallengeChars);
    }

    /** @return the mechanism name */
    public String mechanism() {
        return client.mechanism();
    }

    /** @return the client being driven */
    public SaslClient client() {
        return client;
    }

    /**
     * The AUTH command line without CRLF: {@code AUTH NAME} or, for client-first mechanisms,
     * {@code AUTH NAME <initial-response>} (an empty one as {@code =}, RFC 4954 section 4).
     *
     * @return the command
     * @throws SaslException when the initial response cannot be computed
     */
    public String authCommand() throws SaslException {
        Optional<String> ir = initialResponse();
        return ir.map(r -> "AUTH " + mechanism() + " " + r).orElse("AUTH " + mechanism());
    }

    /**
     * @return the initial response in wire form ({@code =} when empty), or empty when the
     *         mechanism has none
     * @throws SaslException when it cannot be computed
     * @throws IllegalStateException when the exchange already started
     */
    public Optional<String> initialResponse() throws SaslException {
        if (started) {
            throw new IllegalStateException("the " + mechanism() + " exchange already started");
        }
        started = true;
        if (!client.hasInitialResponse()) {
            return Optional.empty();
        }
        try {
            byte[] ir = client.initialResponse();
            LOG.log(System.Logger.Level.DEBUG, "SASL {0}: initial response of {1} bytes", mechanism(), ir.length);
            return Optional.of(ir.length == 0 ? "=" : encode(ir));
        } catch (SaslException e) {
            close();
            throw e;
        }
    }

    /**
     * Answers a {@code 334} challenge.
     *
     * @param challengeText the text after {@code "334 "} (base64, possibly empty)
     * @return the response line to send (base64, possibly empty)
     * @throws SaslException when the challenge is malformed or the mechanism rejects it; the
     *         caller should then send {@link #CANCEL} and expect a 501 reply
     */
    public String respond(String challengeText) throws SaslException {
        Objects.requireNonNull(challengeText, "challengeText");
        started = true;
        if (finished) {
            throw new IllegalStateException("the " + mechanism() + " exchange is over");
        }
        try {
            if (challengeText.length() > maxChallenge) {
                throw new SaslException(SaslException.Reason.MALFORMED_CHALLENGE, mechanism(),
                        "challenge of " + challengeText.length() + " characters exceeds the limit of "
                                + maxChallenge);
            }
            byte[] challenge = decode(challengeText.strip(), mechanism());
            byte[] response = client.evaluateChallenge(challenge);
            LOG.log(System.Logger.Level.DEBUG, "SASL {0}: challenge of {1} bytes, response of {2} bytes",
                    mechanism(), challenge.length, response.length);
            return encode(response);
        } catch (SaslException e) {
            LOG.log(System.Logger.Level.DEBUG, "SASL {0}: exchange aborted: {1}", mechanism(), e.getMessage());
            close();
            throw e;
        }
    }

    /** The line that cancels an exchange (RFC 4954 section 4). */
    public static final String CANCEL = "*";

    /**
     * Cancels the exchange and clears the credentials.
     *
     * @return {@link #CANCEL}, the line to send
     */
    public String cancel() {
        close();
        return CANCEL;
    }

    /**
     * The server replied with success ({@code 235}).
     *
     * @param additionalDataText base64 additional data sent with the success, or empty for none
     * @throws SaslException when the mechanism cannot verify the server (see
     *         {@link SaslClient#success(byte[])})
     */
    public void succeeded(String additionalDataText) throws SaslException {
        finished = true;
        try {
            byte[] data = additionalDataText.isEmpty() ? new byte[0] : decode(additionalDataText.strip(), mechanism());
            client.success(data);
            LOG.log(System.Logger.Level.DEBUG, "SASL {0}: server reported success; verified", mechanism());
        } finally {
            client.close();
        }
    }

    /**
     * The server rejected the exchange ({@code 535}, {@code 454}...). Clears the credentials.
     *
     * @param serverReply the reply text, for the message (must not contain secrets, which
     *        server replies do not)
     * @return an exception describing the failure, with the server's in-exchange diagnostic
     *         (OAuth JSON) when there was one; for the caller to throw or wrap
     */
    public SaslException failed(String serverReply) {
        finished = true;
        client.failure();
        String diag = client.serverError().map(d -> "; server error in exchange: " + d).orElse("");
        client.close();
        LOG.log(System.Logger.Level.DEBUG, "SASL {0}: server rejected authentication{1}", mechanism(), diag);
        return new SaslException(SaslException.Reason.AUTHENTICATION_FAILED, mechanism(),
                "server rejected authentication: " + serverReply + diag);
    }

    /** Clears the credentials and ends the exchange. Idempotent. */
    @Override
    public void close() {
        finished = true;
        client.close();
    }

    /**
     * Encodes bytes as standard base64 with padding.
     *
     * @param data the bytes
     * @return the text
     */
    public static String encode(byte[] data) {
        return java.util.Base64.getEncoder().encodeToString(data);
    }

    /**
     * Decodes canonical base64 strictly: RFC 4648 alphabet, padding required, no whitespace
     * or line breaks, and unused bits zero.
     *
     * @param text the base64 text
     * @param mechanism the mechanism name for the error message, or {@code null}
     * @return the bytes
     * @throws SaslException ({@link SaslException.Reason#MALFORMED_CHALLENGE}) otherwise
     */
    public static byte[] decode(String text, String mechanism) throws SaslException {
        Optional<byte[]> b = Base64Strict.decode(text);
        if (b.isEmpty()) {
            throw new SaslException(SaslException.Reason.MALFORMED_CHALLENGE, mechanism,
                    "challenge is not valid base64 (" + text.length() + " characters)");
        }
        return b.get();
    }
}
