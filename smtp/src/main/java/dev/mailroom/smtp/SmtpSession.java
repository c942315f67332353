package dev.mailroom.smtp;

import dev.mailroom.sasl.MechanismChoice;
import dev.mailroom.sasl.MechanismChooser;
import dev.mailroom.sasl.SaslClient;
import dev.mailroom.sasl.SaslException;
import dev.mailroom.sasl.SaslExchange;
import dev.mailroom.sasl.SaslMechanisms;
import dev.mailroom.sasl.TlsState;
import dev.mailroom.smtp.SmtpSessionException.Stage;
import dev.mailroom.smtp.internal.BdatOutputStream;
import dev.mailroom.smtp.internal.Connection;
import dev.mailroom.smtp.internal.DotStuffingOutputStream;
import dev.mailroom.smtp.internal.MailParameters;
import dev.mailroom.smtp.internal.RcptParameters;
import dev.mailroom.smtp.internal.ReplyReader;
import dev.mailroom.smtp.internal.SmtpCommands;
import dev.mailroom.smtp.internal.TlsSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One SMTP or LMTP session with one server: connect, greeting, EHLO (HELO fallback) or LHLO,
 * STARTTLS or SMTPS under a {@link TlsPolicy}, AUTH, then any number of transactions
 * ({@link #send}) separated by RSET, and QUIT on {@link #close()}.
 *
 * <p>Guarantees: no AUTH goes out before TLS unless {@link SmtpOptions#authWithoutTls()} allows
 * it; a level that requires TLS never continues in clear text; bytes the server sends after its
 * {@code 220} to STARTTLS are a protocol error and never read as replies; no command carries a
 * CR, LF or NUL from an address or parameter (checked on the encoded bytes before anything is
 * sent); every wait is limited by {@link SmtpTimeouts}; a recipient is reported
 * {@link RecipientResult.Delivered} only after the server accepted its RCPT and the message.
 *
 * <p>Not thread-safe: one thread at a time. {@link SmtpClient} adds routing, failover and a
 * connection cache on top.
 */
public final class SmtpSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SmtpSession.class.getName());

    private final Endpoint endpoint;
    private final SmtpOptions options;
    private final TlsLevel level;
    private final TlsSupport tlsSupport;
    private Connection conn;
    private ReplyReader reader;
    private Reply greeting;
    private Capabilities capabilities = Capabilities.parse(List.of("unknown"));
    private Capabilities capabilitiesBeforeTls;
    private TlsInfo tlsInfo;
    private String authMechanism;
    private boolean broken;
    private boolean closed;
    private final long createdNanos = System.nanoTime();
    private long lastUsedNanos = System.nanoTime();
    private int transactions;
    private boolean lastFailureBeforeCommit;
    private String stageText = "";

    private SmtpSession(Endpoint endpoint, SmtpOptions options, TlsLevel level, TlsSupport tlsSupport) {
        this.endpoint = endpoint;
        this.options = options;
        this.level = level;
        this.tlsSupport = tlsSupport;
    }

    /**
     * Opens a session: connects, reads the greeting, says EHLO/LHLO, starts TLS as the policy
     * says, and authenticates when {@link SmtpOptions#authentication()} is set and the server
     * offers AUTH.
     *
     * @param endpoint the server
     * @param options the options
     * @return the ready session
     * @throws SmtpSessionException when the session cannot be set up; its status tells whether
     *         the recipients would be deferred or bounced
     */
    public static SmtpSession open(Endpoint endpoint, SmtpOptions options) throws SmtpSessionException {
        return open(endpoint, options, null);
    }

    static SmtpSession open(Endpoint endpoint, SmtpOptions options, TlsSupport shared) throws SmtpSessionException {
        TlsLevel level = options.tlsPolicy().level();
        if (level == TlsLevel.DANE_ONLY) {
            throw new SmtpSessionException(Stage.POLICY, status("4.7.5"), "TLS policy dane-only for "
                    + endpoint.nexthop() + " needs DNSSEC-validated TLSA records, which mailroom does not look up",
                    null, null);
        }
        if (level == TlsLevel.DANE) {
            LOG.log(System.Logger.Level.WARNING, "{0}: TLS level dane configured without DNSSEC TLSA support; using may",
                    endpoint.nexthop());
            level = TlsLevel.MAY;
        }
        boolean unix = endpoint.address() instanceof UnixDomainSocketAddress;
        if (unix && level != TlsLevel.NONE) {
            if (level.requiresTls()) {
                throw new SmtpSessionException(Stage.POLICY, status("4.7.4"),
                        "TLS is required, but not possible over the Unix-domain socket " + endpoint.hostname(), null,
                        null);
            }
            level = TlsLevel.NONE;
        }
        if (options.wrapperMode() && !level.requiresTls()) {
            throw new SmtpSessionException(Stage.POLICY, status("4.7.0"), "smtp_tls_wrappermode requires "
                    + "\"smtp_tls_security_level = encrypt\" (or stronger); skipping " + endpoint.describe(), null,
                    null);
        }
        TlsSupport tls = shared;
        if (tls == null && level != TlsLevel.NONE) {
            try {
                tls = TlsSupport.create(options.tlsFiles());
            } catch (IOException e) {
                throw new SmtpSessionException(Stage.POLICY, status("4.7.0"), "TLS configuration problem: "
                        + e.getMessage(), null, e);
            }
        }
        SmtpSession s = new SmtpSession(endpoint, options, level, tls);
        try {
            s.establish();
            return s;
        } catch (TlsHandshakeFailed e) {
            s.conn.close();
            if (level == TlsLevel.MAY && !options.wrapperMode()) {
                // Postfix's "may": after a failed handshake, the same server again in plaintext
                LOG.log(System.Logger.Level.INFO, "{0}: TLS handshake failed ({1}); retrying in plaintext",
                        endpoint.describe(), e.getMessage());
                SmtpSession plain = new SmtpSession(endpoint, options, TlsLevel.NONE, null);
                try {
                    plain.establish();
                    return plain;
                } catch (TlsHandshakeFailed impossible) {
                    throw new SmtpSessionException(Stage.TLS, status("4.7.5"), impossible.getMessage(), null,
                            impossible);
                }
            }
            throw new SmtpSessionException(Stage.TLS, status("4.7.5"), "Cannot start TLS: handshake failure with "
                    + endpoint.describe() + ": " + e.getMessage(), null, e.getCause());
        }
    }

    /** A handshake failed; under "may" the caller retries in plaintext. */
    private static final class TlsHandshakeFailed extends Exception {
        private static final long serialVersionUID = 1L;

        TlsHandshakeFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void establish() throws SmtpSessionException, TlsHandshakeFailed {
        Duration connectTimeout = options.timeouts().connect();
        stageText = "connecting";
        try {
            if (endpoint.address() instanceof InetSocketAddress inet) {
                conn = Connection.tcp(inet, connectTimeout, endpoint.describe());
            } else {
                conn = Connection.unix((UnixDomainSocketAddress) endpoint.address(), connectTimeout,
                        endpoint.describe());
            }
        } catch (IOException e) {
            String why = e instanceof SocketTimeoutException ? "Connection timed out"
                    : e instanceof ConnectException && e.getMessage() != null ? e.getMessage() : String.valueOf(e);
            throw new SmtpSessionException(Stage.CONNECT, status("4.4.1"), "connect to " + endpoint.describe() + ": "
                    + why, null, e);
        }
        boolean ok = false;
        try {
            if (options.wrapperMode()) {
                handshake(Stage.CONNECT);
            }
            reader = new ReplyReader(conn.in(), options.replyLimits());
            greeting = read(options.timeouts().helo(), Stage.GREETING, "receiving the initial server greeting");
            if (!greeting.isPositive()) {
                boolean hard = greeting.isPermanentFailure() && !options.skip5xxGreeting();
                throw new SmtpSessionException(Stage.GREETING, derive(greeting, hard ? 5 : 4),
                        "host " + endpoint.describe() + " refused to talk to me: " + oneLine(greeting), greeting, null);
            }
            hello(Stage.HELO);
            if (!options.wrapperMode() && level != TlsLevel.NONE) {
                if (!capabilities.startTls()) {
                    if (level.requiresTls()) {
                        throw new SmtpSessionException(Stage.TLS, status("4.7.4"),
                                "TLS is required, but was not offered by host " + endpoint.describe(), null, null);
                    }
                } else {
                    starttls();
                }
            }
            authenticate();
            ok = true;
        } finally {
            if (!ok) {
                conn.close();
            }
        }
    }

    private void starttls() throws SmtpSessionException, TlsHandshakeFailed {
        Reply r = command(SmtpCommands.STARTTLS, options.timeouts().starttls(), Stage.TLS, "STARTTLS");
        if (!r.isPositive()) {
            if (level.requiresTls()) {
                throw new SmtpSessionException(Stage.TLS, derive(r, 4), "TLS is required, but host "
                        + endpoint.describe() + " refused to start TLS: " + oneLine(r), r, null);
            }
            return;
        }
        int pending = reader.buffered();
        if (pending == 0) {
            try {
                pending = conn.in().available();
            } catch (IOException e) {
                throw lost(e, Stage.TLS, "checking for data after the STARTTLS reply");
            }
        }
        if (pending > 0) {
            // RFC 3207 section 5 / CVE-2011-0411: bytes before the handshake are never replies
            throw new SmtpSessionException(Stage.TLS, status("4.7.0"), "host " + endpoint.describe() + " sent "
                    + pending + " bytes after its 220 reply to STARTTLS, before the TLS handshake "
                    + "(possible response injection); not read as replies", r, null);
        }
        capabilitiesBeforeTls = capabilities;
        handshake(Stage.TLS);
        reader = new ReplyReader(conn.in(), options.replyLimits());
        hello(Stage.TLS);
    }

    private void handshake(Stage stage) throws SmtpSessionException, TlsHandshakeFailed {
        TlsPolicy policy = options.tlsPolicy();
        String sni = switch (policy.servername().toLowerCase(java.util.Locale.ROOT)) {
            case "" -> null;
            case "hostname" -> endpoint.hostname();
            case "nexthop" -> endpoint.nexthop();
            default -> policy.servername();
        };
        if (sni != null && !isDnsName(sni)) {
            sni = null;
        }
        SSLSocket socket;
        try {
            var params = tlsSupport.context().getDefaultSSLParameters();
            List<String> protocols = TlsSupport.protocols(policy.protocols(), Arrays.asList(params.getProtocols()));
            List<String> suites = TlsSupport.suites(policy.exclude(), Arrays.asList(params.getCipherSuites()));
            socket = conn.startTls(tlsSupport.context(), endpoint.hostname(), endpoint.port(), sni, protocols, suites,
                    options.timeouts().starttls());
        } catch (IllegalArgumentException e) {
            throw new SmtpSessionException(Stage.POLICY, status("4.7.5"), "invalid TLS policy for "
                    + endpoint.nexthop() + ": " + e.getMessage(), null, e);
        } catch (IOException e) {
            // SSLException, a timeout or a reset during the handshake: all handshake failures
            throw new TlsHandshakeFailed(e instanceof SSLException ? e.getMessage() : String.valueOf(e), e);
        }
        SSLSession session = socket.getSession();
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                chain.add((X509Certificate) c);
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // anonymous server: no chain
        }
        TlsSupport.Verification v = tlsSupport.verify(chain, policy, endpoint.hostname(), endpoint.nexthop());
        boolean verified = switch (level) {
            case FINGERPRINT -> v.fingerprintMatched();
            default -> v.trusted() && v.nameMatched();
        };
        tlsInfo = new TlsInfo(session.getProtocol(), session.getCipherSuite(), chain, v.trusted(), v.trustProblem(),
                v.nameMatched(), v.names(), v.fingerprint(), verified);
        if (level == TlsLevel.FINGERPRINT && !v.fingerprintMatched()) {
            throw new SmtpSessionException(Stage.TLS, status("4.7.5"), "Server certificate not verified: the "
                    + "fingerprint of " + endpoint.describe() + "'s certificate (" + v.fingerprint()
                    + ") matches no match= value", null, null);
        }
        if (level == TlsLevel.VERIFY || level == TlsLevel.SECURE) {
            if (!v.trusted()) {
                throw new SmtpSessionException(Stage.TLS, status("4.7.5"), "Server certificate not trusted: "
                        + endpoint.describe() + ": " + v.trustProblem(), null, null);
            }
            if (!v.nameMatched()) {
                throw new SmtpSessionException(Stage.TLS, status("4.7.5"), "Server certificate not verified: "
                        + endpoint.describe() + " presents " + v.names() + ", which matches none of "
                        + (policy.match().isEmpty() ? (level == TlsLevel.SECURE ? "[nexthop, dot-nexthop]"
                                : "[hostname]") : policy.match()), null, null);
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: TLS {1} {2}, verified={3}", endpoint.describe(),
                session.getProtocol(), session.getCipherSuite(), verified);
    }

    private static boolean isDnsName(String s) {
        return !s.isEmpty() && s.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*"
                + "[A-Za-z0-9])?)*\\.?") && !s.matches("[0-9.]+");
    }

    private void hello(Stage stage) throws SmtpSessionException {
        if (options.protocol() == Protocol.LMTP) {
            Reply r = command(SmtpCommands.lhlo(options.heloName()), options.timeouts().helo(), stage, "LHLO");
            if (!r.isPositive()) {
                throw new SmtpSessionException(stage, derive(r, r.isPermanentFailure() ? 5 : 4), said(r, "LHLO"), r, null);
            }
            capabilities = Capabilities.parse(r);
            return;
        }
        Reply r = command(SmtpCommands.ehlo(options.heloName()), options.timeouts().helo(), stage, "EHLO");
        if (r.isPositive()) {
            capabilities = Capabilities.parse(r);
            return;
        }
        if (r.isTransientFailure()) {
            throw new SmtpSessionException(stage, derive(r, 4), said(r, "EHLO"), r, null);
        }
        Reply h = command(SmtpCommands.helo(options.heloName()), options.timeouts().helo(), stage, "HELO");
        if (!h.isPositive()) {
            throw new SmtpSessionException(stage, derive(h, h.isPermanentFailure() ? 5 : 4), said(h, "HELO"), h, null);
        }
        capabilities = Capabilities.parse(List.of(h.lines().get(0)));
    }

    private void authenticate() throws SmtpSessionException {
        if (options.authentication().isEmpty() || capabilities.authMechanisms().isEmpty()) {
            return;
        }
        if (tlsInfo == null && !options.authWithoutTls()) {
            throw new SmtpSessionException(Stage.AUTH, status("4.7.0"), "refusing to send credentials to "
                    + endpoint.describe() + " without TLS (authWithoutTls is off; TLS level " + level + ")", null,
                    null);
        }
        Authentication auth = options.authentication().get();
        TlsState state = tlsInfo == null ? TlsState.NONE : tlsInfo.verified() ? TlsState.TLS_VERIFIED : TlsState.TLS;
        MechanismChooser chooser = MechanismChooser.of(options.saslPolicy());
        if (auth instanceof Authentication.OAuth) {
            chooser = chooser.withClientMechanisms(List.of("OAUTHBEARER", "XOAUTH2"));
        }
        MechanismChoice choice = chooser.choose(capabilities.authMechanisms(), state);
        if (choice.selected().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} offered no supported AUTH mechanisms: {1}",
                    endpoint.describe(), choice.explain());
            return;
        }
        String mechanism = choice.selected().get();
        int attempts = auth instanceof Authentication.OAuth ? 2 : 1;
        for (int attempt = 1; ; attempt++) {
            SaslClient client;
            try {
                if (auth instanceof Authentication.Password p) {
                    client = SaslMechanisms.forPassword(mechanism, p.credentials(), endpoint.hostname());
                } else {
                    Authentication.OAuth o = (Authentication.OAuth) auth;
                    client = mechanism.equals("XOAUTH2") ? SaslMechanisms.xoauth2(o.credentials())
                            : SaslMechanisms.oauthBearer(o.credentials(), endpoint.hostname(), endpoint.port());
                }
            } catch (SaslException e) {
                throw new SmtpSessionException(Stage.AUTH, status("4.7.0"), "SASL " + mechanism + ": "
                        + e.getMessage(), null, e);
            }
            Reply failure = exchange(SaslExchange.of(client));
            if (failure == null) {
                authMechanism = mechanism;
                return;
            }
            if (attempt >= attempts || failure.code() != 535 && failure.code() != 334) {
                throw new SmtpSessionException(Stage.AUTH, derive(failure, 4), "SASL authentication failed; server "
                        + endpoint.describe() + " said: " + oneLine(failure), failure, null);
            }
            LOG.log(System.Logger.Level.INFO, "{0}: OAuth token rejected; retrying with a fresh token",
                    endpoint.describe());
        }
    }

    /** Runs one AUTH exchange; returns null on success, else the failure reply. */
    private Reply exchange(SaslExchange ex) throws SmtpSessionException {
        try (ex) {
            Optional<String> ir = ex.initialResponse();
            Reply r = command(SmtpCommands.auth(ex.mechanism(), ir.orElse(null)), options.timeouts().helo(),
                    Stage.AUTH, "AUTH");
            int rounds = 0;
            while (r.code() == 334 && rounds++ < 20) {
                String challenge = r.lines().get(0);
                String line;
                try {
                    line = ex.respond(challenge);
                } catch (SaslException e) {
                    line = SaslExchange.CANCEL;
                }
                r = command(SmtpCommands.authResponse(line), options.timeouts().helo(), Stage.AUTH, "AUTH");
            }
            if (r.code() == 235) {
                ex.succeeded("");
                return null;
            }
            ex.failed(oneLine(r));
            return r;
        } catch (SaslException e) {
            throw new SmtpSessionException(Stage.AUTH, status("4.7.0"), "SASL authentication with "
                    + endpoint.describe() + " failed: " + e.getMessage(), null, e);
        }
    }

    // ------------------------------------------------------------------ transactions

    /**
     * Sends one message. Every recipient gets a result, in envelope order; nothing here throws
     * for a server or network problem (those become deferrals or bounces). After a network
     * failure the session is {@linkplain #isBroken() broken}.
     *
     * @param envelope sender and recipients
     * @param content the message
     * @return one result per recipient, in envelope order
     * @throws UnsafeCommandException when an address or parameter cannot be put on the wire
     *         safely (nothing was sent)
     * @throws IllegalStateException when the session is closed or broken
     */
    public List<RecipientResult> send(Envelope envelope, MessageContent content) {
        if (closed || broken) {
            throw new IllegalStateException("session with " + endpoint.describe() + " is "
                    + (closed ? "closed" : "broken"));
        }
        List<Recipient> rcpts = envelope.recipients();
        RecipientResult[] results = new RecipientResult[rcpts.size()];
        lastFailureBeforeCommit = false;
        boolean utf8 = envelope.needsSmtpUtf8() || content.utf8Headers();
        if (utf8 && !capabilities.smtpUtf8()) {
            String why = "SMTPUTF8 is required, but was not offered by host " + endpoint.describe();
            return all(rcpts, r -> new RecipientResult.Bounced(r, status("5.6.7"), why, Optional.empty()));
        }
        if (capabilities.sizeLimit().isPresent() && content.size().isPresent()
                && content.size().getAsLong() > capabilities.sizeLimit().getAsLong()) {
            String why = "message size " + content.size().getAsLong() + " exceeds size limit "
                    + capabilities.sizeLimit().getAsLong() + " of server " + endpoint.describe();
            return all(rcpts, r -> new RecipientResult.Bounced(r, status("5.3.4"), why, Optional.empty()));
        }
        boolean dsn = capabilities.dsn();
        MailParameters mp = new MailParameters(capabilities.size() && content.size().isPresent()
                ? content.size().getAsLong() : -1,
                content.eightBit() && capabilities.eightBitMime() ? BodyType.EIGHT_BIT_MIME : null, utf8,
                dsn ? envelope.ret().orElse(null) : null, dsn ? envelope.envid().orElse(null) : null);
        // every command is encoded (and checked) before the first byte goes out
        byte[] mail = SmtpCommands.mailFrom(envelope.sender(), mp, utf8);
        List<byte[]> rcptCommands = new ArrayList<>();
        for (Recipient r : rcpts) {
            RcptParameters rp = dsn ? new RcptParameters(r.notifications(), r.orcpt().orElse(null)) : RcptParameters.NONE;
            rcptCommands.add(SmtpCommands.rcptTo(r.address(), rp, utf8));
        }
        boolean bdat = options.chunking() && capabilities.chunking();
        boolean pipe = options.pipelining() && capabilities.pipelining();
        transactions++;
        boolean[] accepted = new boolean[rcpts.size()];
        boolean committed = false;
        try {
            Reply mailReply;
            Reply dataReply = null;
            List<Reply> rcptReplies = new ArrayList<>();
            if (pipe) {
                stageText = "sending MAIL FROM";
                OutputStream out = conn.out();
                conn.writeTimeout(options.timeouts().mail());
                out.write(mail);
                for (byte[] c : rcptCommands) {
                    out.write(c);
                }
                if (!bdat) {
                    out.write(SmtpCommands.DATA);
                }
                out.flush();
                mailReply = read(options.timeouts().mail(), Stage.TRANSACTION, "receiving the MAIL FROM reply");
                try {
                    for (int i = 0; i < rcpts.size(); i++) {
                        rcptReplies.add(read(options.timeouts().rcpt(), Stage.TRANSACTION,
                                "receiving the RCPT TO reply"));
                    }
                } catch (IOException e) {
                    keepRcptRefusals(mailReply, rcptReplies, rcpts, results);
                    throw e;
                }
                if (!bdat) {
                    dataReply = read(options.timeouts().dataInit(), Stage.TRANSACTION, "receiving the DATA reply");
                }
            } else {
                mailReply = command(mail, options.timeouts().mail(), Stage.TRANSACTION, "MAIL FROM");
                if (mailReply.isPositive()) {
                    try {
                        for (byte[] c : rcptCommands) {
                            rcptReplies.add(command(c, options.timeouts().rcpt(), Stage.TRANSACTION, "RCPT TO"));
                        }
                    } catch (IOException e) {
                        keepRcptRefusals(mailReply, rcptReplies, rcpts, results);
                        throw e;
                    }
                }
            }
            if (!mailReply.isPositive()) {
                Reply mr = mailReply;
                for (int i = 0; i < results.length; i++) {
                    results[i] = negative(rcpts.get(i), mr, "MAIL FROM");
                }
                abortData(dataReply);
                reset();
                return List.of(results);
            }
            int acceptedCount = 0;
            for (int i = 0; i < rcpts.size(); i++) {
                Reply rr = rcptReplies.get(i);
                if (rr.isPositive()) {
                    accepted[i] = true;
                    acceptedCount++;
                } else {
                    results[i] = negative(rcpts.get(i), rr, "RCPT TO");
                }
            }
            if (acceptedCount == 0) {
                abortData(dataReply);
                reset();
                return List.of(results);
            }
            List<Reply> finals;
            if (bdat) {
                stageText = "sending message body";
                committed = sendBdat(content);
                finals = readFinal(acceptedCount);
            } else {
                if (dataReply == null) {
                    dataReply = command(SmtpCommands.DATA, options.timeouts().dataInit(), Stage.TRANSACTION, "DATA");
                }
                if (dataReply.code() != 354) {
                    for (int i = 0; i < results.length; i++) {
                        if (accepted[i]) {
                            results[i] = negative(rcpts.get(i), dataReply, "DATA");
                        }
                    }
                    if (dataReply.isPositive()) {
                        broken = true;
                    }
                    return finish(results);
                }
                stageText = "sending message body";
                conn.writeTimeout(options.timeouts().dataXfer());
                NetOut net = new NetOut(conn.out());
                DotStuffingOutputStream ds = new DotStuffingOutputStream(net);
                try {
                    content.writeTo(ds);
                } catch (IOException e) {
                    if (net.failed) {
                        throw e;
                    }
                    broken = true;
                    conn.close();
                    lastFailureBeforeCommit = true;
                    String why = "error reading the message content: " + e.getMessage();
                    return fill(results, accepted, rcpts, r -> new RecipientResult.Deferred(r, status("4.3.0"), why,
                            Optional.empty()));
                }
                stageText = "sending end of data -- message may be sent more than once";
                ds.finish();
                committed = true;
                finals = readFinal(acceptedCount);
            }
            int k = 0;
            for (int i = 0; i < results.length; i++) {
                if (!accepted[i]) {
                    continue;
                }
                Reply f = options.protocol() == Protocol.LMTP ? finals.get(k++) : finals.get(0);
                String cmd = bdat ? "end of data (BDAT)" : "end of DATA";
                if (f.isPositive()) {
                    results[i] = new RecipientResult.Delivered(rcpts.get(i), f.enhancedStatus().orElse(status("2.0.0")),
                            "host " + endpoint.describe() + " said: " + oneLine(f), Optional.of(f),
                            RecipientResult.queueId(f));
                } else {
                    results[i] = negative(rcpts.get(i), f, cmd);
                }
            }
            return finish(results);
        } catch (SmtpSessionException e) {
            broken = true;
            conn.close();
            lastFailureBeforeCommit = !committed;
            String why = e.getMessage();
            Optional<Reply> reply = e.reply();
            if (e.isPermanent() && reply.isPresent()) {
                return fill(results, null, rcpts, r -> new RecipientResult.Bounced(r, e.status(), why, reply));
            }
            EnhancedStatus st = e.isPermanent() ? status("4" + e.status().toString().substring(1)) : e.status();
            return fill(results, null, rcpts, r -> new RecipientResult.Deferred(r, st, why, reply));
        } catch (IOException e) {
            broken = true;
            conn.close();
            lastFailureBeforeCommit = !committed;
            SmtpSessionException se = lost(e, Stage.TRANSACTION, stageText);
            String why = se.getMessage();
            return fill(results, null, rcpts, r -> new RecipientResult.Deferred(r, se.status(), why,
                    Optional.empty()));
        } finally {
            lastUsedNanos = System.nanoTime();
        }
    }

    private boolean sendBdat(MessageContent content) throws IOException {
        conn.writeTimeout(options.timeouts().dataXfer());
        NetOut net = new NetOut(conn.out());
        BdatOutputStream bd = new BdatOutputStream(net, options.chunkSize(), (size, last) -> {
            if (!last) {
                net.flush();
                Reply r = read(options.timeouts().dataXfer(), Stage.TRANSACTION, "receiving the BDAT reply");
                if (!r.isPositive()) {
                    throw new BdatRejected(r);
                }
            }
        });
        try {
            content.writeTo(bd);
            stageText = "sending end of data -- message may be sent more than once";
            bd.finish();
            net.flush();
            return true;
        } catch (BdatRejected e) {
            broken = true;
            throw new SmtpSessionException(Stage.TRANSACTION, derive(e.reply, e.reply.isPermanentFailure() ? 5 : 4),
                    said(e.reply, "BDAT"), e.reply, e);
        } catch (IOException e) {
            if (net.failed) {
                throw e;
            }
            throw new SmtpSessionException(Stage.TRANSACTION, status("4.3.0"), "error reading the message content: "
                    + e.getMessage(), null, e);
        }
    }

    private static final class BdatRejected extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        BdatRejected(Reply reply) {
            super("BDAT rejected: " + oneLine(reply));
            this.reply = reply;
        }
    }

    /** Tells failures of the connection from failures of the message source. */
    private static final class NetOut extends OutputStream {
        private final OutputStream out;
        boolean failed;

        NetOut(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    private List<Reply> readFinal(int acceptedCount) throws IOException {
        int n = options.protocol() == Protocol.LMTP ? acceptedCount : 1;
        List<Reply> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(read(options.timeouts().dataDone(), Stage.TRANSACTION, "receiving the reply after end of data "
                    + "-- message may be sent more than once"));
        }
        return out;
    }

    /** A pipelined DATA was answered 354 although the transaction failed: end it empty. */
    private void abortData(Reply dataReply) throws IOException {
        if (dataReply != null && dataReply.code() == 354) {
            conn.out().write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            conn.out().flush();
            read(options.timeouts().dataDone(), Stage.TRANSACTION, "receiving the reply to an empty message");
        }
    }

    private List<RecipientResult> finish(RecipientResult[] results) {
        return List.of(results);
    }

    private List<RecipientResult> fill(RecipientResult[] results, boolean[] only, List<Recipient> rcpts,
            java.util.function.Function<Recipient, RecipientResult> f) {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null && (only == null || only[i])) {
                results[i] = f.apply(rcpts.get(i));
            }
        }
        return List.of(results);
    }

    private static List<RecipientResult> all(List<Recipient> rcpts,
            java.util.function.Function<Recipient, RecipientResult> f) {
        return rcpts.stream().map(f).toList();
    }

    /**
     * As Postfix: when the connection breaks while RCPT replies are being read, recipients
     * whose refusal already arrived (a 421 to one RCPT, say) keep that reply; the others get
     * the lost-connection result.
     */
    private void keepRcptRefusals(Reply mailReply, List<Reply> rcptReplies, List<Recipient> rcpts,
            RecipientResult[] results) {
        if (mailReply.isPositive()) {
            for (int i = 0; i < rcptReplies.size(); i++) {
                if (!rcptReplies.get(i).isPositive()) {
                    results[i] = negative(rcpts.get(i), rcptReplies.get(i), "RCPT TO");
                }
            }
        }
    }

    private RecipientResult negative(Recipient r, Reply reply, String command) {
        String why = said(reply, command);
        if (reply.isPermanentFailure()) {
            return new RecipientResult.Bounced(r, derive(reply, 5), why, Optional.of(reply));
        }
        return new RecipientResult.Deferred(r, derive(reply, 4), why, Optional.of(reply));
    }

    /**
     * Ends the current transaction state with RSET, so the connection can carry another message.
     *
     * @throws SmtpSessionException when the server does not answer 2xx in time (the session is then broken)
     */
    public void reset() throws SmtpSessionException {
        simple(SmtpCommands.RSET, "RSET");
    }

    /**
     * Sends NOOP: a liveness check.
     *
     * @throws SmtpSessionException when the server does not answer 2xx in time (the session is then broken)
     */
    public void noop() throws SmtpSessionException {
        simple(SmtpCommands.NOOP, "NOOP");
    }

    private void simple(byte[] cmd, String name) throws SmtpSessionException {
        if (closed || broken) {
            throw new IllegalStateException("session with " + endpoint.describe() + " is closed or broken");
        }
        try {
            Reply r = command(cmd, options.timeouts().rset(), Stage.RESET, name);
            if (!r.isPositive()) {
                broken = true;
                conn.close();
                throw new SmtpSessionException(Stage.RESET, derive(r, 4), said(r, name), r, null);
            }
            lastUsedNanos = System.nanoTime();
        } catch (SmtpSessionException e) {
            broken = true;
            conn.close();
            throw e;
        }
    }

    /** Sends QUIT (when the session is healthy) and closes the connection. Never throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!broken && conn != null && !conn.isClosed()) {
            try {
                command(SmtpCommands.QUIT, options.timeouts().quit(), Stage.RESET, "QUIT");
            } catch (SmtpSessionException e) {
                // the server may close first
            }
        }
        if (conn != null) {
            conn.close();
        }
    }

    // ------------------------------------------------------------------ state

    /** @return the server */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** @return the greeting */
    public Reply greeting() {
        return greeting;
    }

    /** @return the capabilities in force (after STARTTLS: those of the EHLO inside TLS) */
    public Capabilities capabilities() {
        return capabilities;
    }

    /** @return the capabilities before STARTTLS, when TLS was started with STARTTLS */
    public Optional<Capabilities> capabilitiesBeforeTls() {
        return Optional.ofNullable(capabilitiesBeforeTls);
    }

    /** @return the TLS state, when the session runs over TLS */
    public Optional<TlsInfo> tls() {
        return Optional.ofNullable(tlsInfo);
    }

    /** @return the SASL mechanism that authenticated the session, when AUTH succeeded */
    public Optional<String> authenticatedWith() {
        return Optional.ofNullable(authMechanism);
    }

    /** @return the effective TLS level (dane becomes may; may becomes none after a plaintext retry) */
    public TlsLevel tlsLevel() {
        return level;
    }

    /** @return whether the connection failed and cannot be used again */
    public boolean isBroken() {
        return broken || conn == null || conn.isClosed();
    }

    /** @return the number of transactions started on this session */
    public int transactions() {
        return transactions;
    }

    /** @return whether the last {@link #send} failed on the connection before the message was committed */
    public boolean lastFailureBeforeCommit() {
        return lastFailureBeforeCommit;
    }

    long createdNanos() {
        return createdNanos;
    }

    long lastUsedNanos() {
        return lastUsedNanos;
    }

    @Override
    public String toString() {
        return "SmtpSession[" + endpoint.describe() + ", " + options.protocol() + ", tls="
                + (tlsInfo == null ? "none" : tlsInfo.protocol()) + ", auth=" + (authMechanism == null ? "none"
                        : authMechanism) + (broken ? ", broken" : "") + (closed ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------ wire helpers

    private Reply command(byte[] bytes, Duration timeout, Stage stage, String name) throws SmtpSessionException {
        stageText = "sending " + name;
        try {
            conn.writeTimeout(timeout);
            conn.out().write(bytes);
            conn.out().flush();
        } catch (IOException e) {
            throw lost(e, stage, "sending " + name);
        }
        return read(timeout, stage, "receiving the " + name + " reply");
    }

    private Reply read(Duration timeout, Stage stage, String activity) throws SmtpSessionException {
        stageText = activity;
        try {
            conn.readTimeout(timeout);
            return reader.read();
        } catch (SmtpProtocolException e) {
            if (e.problem() == SmtpProtocolException.Problem.END_OF_STREAM) {
                throw new SmtpSessionException(stage, status("4.4.2"), "lost connection with " + endpoint.describe()
                        + " while " + activity, null, e);
            }
            throw new SmtpSessionException(stage, status("4.5.0"), "protocol error from " + endpoint.describe()
                    + " while " + activity + ": " + e.getMessage(), null, e);
        } catch (IOException e) {
            throw lost(e, stage, activity);
        }
    }

    private SmtpSessionException lost(IOException e, Stage stage, String activity) {
        if (e instanceof SmtpSessionException s) {
            return s;
        }
        boolean timeout = e instanceof SocketTimeoutException || conn != null && conn.isClosed() && !closed;
        String msg = timeout ? "conversation with " + endpoint.describe() + " timed out while " + activity
                : "lost connection with " + endpoint.describe() + " while " + activity;
        return new SmtpSessionException(stage, status("4.4.2"), msg, null, e);
    }

    private String said(Reply r, String command) {
        return "host " + endpoint.describe() + " said: " + oneLine(r) + " (in reply to " + command + " command)";
    }

    private static String oneLine(Reply r) {
        return r.toString().replace('\n', ' ');
    }

    static EnhancedStatus status(String s) {
        return EnhancedStatus.parse(s);
    }

    /** The reply's status, or X.0.0 from its code; the class is forced to {@code cls} when they differ. */
    private static EnhancedStatus derive(Reply r, int cls) {
        EnhancedStatus s = r.enhancedStatus().orElse(status((r.code() / 100) + ".0.0"));
        if (!s.toString().startsWith(String.valueOf(cls))) {
            return status(cls + s.toString().substring(1));
        }
        return s;
    }

}
