package dev.mailroom.smtp;

import dev.mailroom.smtp.internal.TlsSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers messages to a nexthop as Postfix's smtp(8)/lmtp(8) does: the destination list plus
 * {@code smtp_fallback_relay}, MX lookup for destinations without brackets (by preference, equal
 * preferences shuffled, A/AAAA when there is no MX, RFC 7505 null MX bounces), failover to the
 * next address on a connection failure, a 4xx greeting or a TLS failure within
 * {@code smtp_mx_address_limit} and {@code smtp_mx_session_limit}, and a connection cache.
 *
 * <p>Thread-safe: many threads may deliver through one client at once; each session is used by
 * one thread at a time. Close the client to QUIT its idle connections.
 *
 * <pre>{@code
 * SmtpOptions options = SmtpOptions.builder()
 *         .tlsLevel(TlsLevel.SECURE)
 *         .authentication(Authentication.password("alice", password))
 *         .build();
 * try (SmtpClient client = SmtpClient.create(options)) {
 *     DeliveryReport report = client.deliver("[smtp.example.com]:submission",
 *             Envelope.of("alice@example.com", "bob@example.org"), MessageContent.of(bytes));
 *     report.results().forEach(System.out::println);
 * }
 * }</pre>
 * (The same calls run in the {@code SmtpUsageTest} and the {@code SmtpDemo} of the examples.)
 */
public final class SmtpClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SmtpClient.class.getName());

    private final SmtpOptions options;
    private final Dns dns;
    private final Random random;
    private final ConnectionCache cache = new ConnectionCache();
    private final Map<TlsFiles, TlsSupport> tls = new ConcurrentHashMap<>();

    private SmtpClient(SmtpOptions options, Dns dns, Random random) {
        this.options = options;
        this.dns = dns;
        this.random = random;
    }

    /**
     * @param options the options (also the defaults for {@link #deliver(String, SmtpOptions, Envelope, MessageContent)})
     * @return a client using the system's DNS
     */
    public static SmtpClient create(SmtpOptions options) {
        return new SmtpClient(options, Dns.system(), new Random());
    }

    /**
     * @param options the options
     * @param dns the DNS to use (a {@link Dns#table()} in tests)
     * @return the client
     */
    public static SmtpClient create(SmtpOptions options, Dns dns) {
        return new SmtpClient(options, dns, new Random());
    }

    /** @return the options */
    public SmtpOptions options() {
        return options;
    }

    /**
     * Delivers with the client's options.
     *
     * @param nexthop a destination or list, e.g. {@code [smtp.example.com]:submission} or {@code example.org}
     * @param envelope sender and recipients
     * @param content the message
     * @return one result per recipient
     * @throws IllegalArgumentException when the nexthop is malformed
     * @throws UnsafeCommandException when an address or parameter cannot be sent safely
     */
    public DeliveryReport deliver(String nexthop, Envelope envelope, MessageContent content) {
        return deliver(nexthop, options, envelope, content);
    }

    /**
     * Delivers with other options for this destination (another TLS policy or credentials, as
     * Postfix's per-destination maps would give). Cached connections are only shared between
     * calls with the same nexthop, credential identity and TLS policy.
     *
     * @param nexthop a destination or list
     * @param opts the options for this delivery
     * @param envelope sender and recipients
     * @param content the message
     * @return one result per recipient
     */
    public DeliveryReport deliver(String nexthop, SmtpOptions opts, Envelope envelope, MessageContent content) {
        List<Nexthop> destinations = new ArrayList<>(Nexthop.parseList(nexthop));
        int primaries = destinations.size();
        for (String f : opts.fallbackRelays()) {
            destinations.addAll(Nexthop.parseList(f));
        }
        List<String> attempts = new ArrayList<>();
        Map<Recipient, RecipientResult> done = new LinkedHashMap<>();
        Map<Recipient, RecipientResult> last = new HashMap<>();
        SmtpSessionException lastError = null;

        // a cached session for the first destination avoids the DNS lookups
        ConnectionCache.Key firstKey = ConnectionCache.Key.of(destinations.get(0), opts);
        SmtpSession cached = cache.borrow(firstKey, opts);
        if (cached != null) {
            attempts.add("reusing connection to " + cached.endpoint().describe());
            List<Recipient> pending = pending(envelope, done);
            List<RecipientResult> rs = cached.send(subEnvelope(envelope, pending), content);
            if (cached.isBroken() && cached.lastFailureBeforeCommit()) {
                attempts.add("cached connection to " + cached.endpoint().describe()
                        + " failed before the message was committed; retrying on a fresh connection");
            } else {
                record(rs, done, last);
            }
            release(firstKey, cached, opts);
        }

        for (int d = 0; d < destinations.size() && !pending(envelope, done).isEmpty(); d++) {
            Nexthop dest = destinations.get(d);
            boolean finalDest = d == destinations.size() - 1;
            List<Endpoint> endpoints;
            try {
                endpoints = resolve(dest, opts);
            } catch (SmtpSessionException e) {
                attempts.add(e.getMessage());
                if (e.status().toString().equals("5.1.0")) {
                    // null MX: bounce, no fallback (RFC 7505)
                    for (Recipient r : pending(envelope, done)) {
                        done.put(r, new RecipientResult.Bounced(r, e.status(), e.getMessage(), Optional.empty()));
                    }
                    break;
                }
                boolean relay = dest.bracketed() || d >= primaries;
                if (relay && e.isPermanent()) {
                    // a lookup failure for a relayhost or fallback relay is deferred, not bounced (smtp_connect.c)
                    e = new SmtpSessionException(e.stage(), EnhancedStatus.parse("4" + e.status().toString()
                            .substring(1)), e.getMessage(), null, e);
                }
                lastError = e;
                continue;
            }
            ConnectionCache.Key key = ConnectionCache.Key.of(dest, opts);
            int sessions = 0;
            for (int i = 0; i < endpoints.size() && !pending(envelope, done).isEmpty(); i++) {
                Endpoint ep = endpoints.get(i);
                boolean finalServer = finalDest && i == endpoints.size() - 1;
                SmtpSession s;
                try {
                    s = SmtpSession.open(ep, opts, tlsSupport(opts));
                } catch (SmtpSessionException e) {
                    attempts.add(e.getMessage());
                    lastError = e;
                    if (e.isPermanent() && finalServer) {
                        for (Recipient r : pending(envelope, done)) {
                            done.put(r, new RecipientResult.Bounced(r, e.status(), e.getMessage(), e.reply()));
                        }
                    }
                    continue;
                }
                attempts.add("connected to " + ep.describe() + (s.tls().isPresent() ? " with "
                        + s.tls().get().protocol() : "") + s.authenticatedWith().map(m -> ", authenticated with " + m)
                                .orElse(""));
                sessions++;
                List<RecipientResult> rs = s.send(subEnvelope(envelope, pending(envelope, done)), content);
                record(rs, done, last);
                release(key, s, opts);
                if (opts.mxSessionLimit() > 0 && sessions >= opts.mxSessionLimit()) {
                    break;
                }
            }
        }
        List<RecipientResult> results = new ArrayList<>();
        for (Recipient r : envelope.recipients()) {
            RecipientResult res = done.get(r);
            if (res == null) {
                res = last.get(r);
            }
            if (res == null) {
                res = unresolved(r, lastError, nexthop);
            }
            results.add(res);
        }
        return new DeliveryReport(results, attempts);
    }

    /** The result of a recipient no server answered for: the last session error decides (E.2). */
    private static RecipientResult unresolved(Recipient r, SmtpSessionException e, String nexthop) {
        if (e == null) {
            return new RecipientResult.Deferred(r, EnhancedStatus.parse("4.4.4"), "no server could be tried for "
                    + nexthop, Optional.empty());
        }
        if (e.isPermanent()) {
            return new RecipientResult.Bounced(r, e.status(), e.getMessage(), e.reply());
        }
        return new RecipientResult.Deferred(r, e.status(), e.getMessage(), e.reply());
    }

    private void release(ConnectionCache.Key key, SmtpSession s, SmtpOptions opts) {
        cache.release(key, s, opts);
    }

    private static void record(List<RecipientResult> rs, Map<Recipient, RecipientResult> done,
            Map<Recipient, RecipientResult> last) {
        for (RecipientResult r : rs) {
            if (r instanceof RecipientResult.Deferred) {
                last.put(r.recipient(), r);
            } else {
                done.put(r.recipient(), r);
            }
        }
    }

    private static List<Recipient> pending(Envelope e, Map<Recipient, RecipientResult> done) {
        return e.recipients().stream().filter(r -> !done.containsKey(r)).toList();
    }

    private static Envelope subEnvelope(Envelope e, List<Recipient> rcpts) {
        return rcpts.size() == e.recipients().size() ? e : new Envelope(e.sender(), rcpts, e.ret(), e.envid());
    }

    private TlsSupport tlsSupport(SmtpOptions opts) throws SmtpSessionException {
        if (opts.tlsPolicy().level() == TlsLevel.NONE) {
            return null;
        }
        try {
            TlsSupport t = tls.get(opts.tlsFiles());
            if (t == null) {
                t = TlsSupport.create(opts.tlsFiles());
                tls.putIfAbsent(opts.tlsFiles(), t);
            }
            return t;
        } catch (IOException e) {
            throw new SmtpSessionException(SmtpSessionException.Stage.POLICY, EnhancedStatus.parse("4.7.0"),
                    "TLS configuration problem: " + e.getMessage(), null, e);
        }
    }

    /**
     * The servers for one destination, in the order they are tried, at most
     * {@code smtp_mx_address_limit}.
     */
    List<Endpoint> resolve(Nexthop dest, SmtpOptions opts) throws SmtpSessionException {
        if (dest.unixSocket()) {
            return List.of(Endpoint.unix(Path.of(dest.host())));
        }
        int port = dest.portOr(opts.protocol());
        String host = dest.host();
        List<Endpoint> out = new ArrayList<>();
        Optional<InetAddress> literal = literal(host);
        if (literal.isPresent()) {
            out.add(new Endpoint(new InetSocketAddress(literal.get(), port), host, host));
            return out;
        }
        String domain = java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED);
        boolean lookupMx = !dest.bracketed() && opts.protocol() == Protocol.SMTP;
        if (lookupMx) {
            List<Dns.MxRecord> mx;
            try {
                mx = dns.mx(domain);
            } catch (Dns.LookupException e) {
                throw new SmtpSessionException(SmtpSessionException.Stage.POLICY,
                        EnhancedStatus.parse(e.isTemporary() ? "4.4.3" : "5.4.3"), "MX lookup for " + domain
                                + ": " + e.getMessage(), null, e);
            }
            if (mx.size() == 1 && mx.get(0).isNullMx()) {
                throw new SmtpSessionException(SmtpSessionException.Stage.POLICY, EnhancedStatus.parse("5.1.0"),
                        "Domain " + domain + " does not accept mail (nullMX)", null, null);
            }
            if (!mx.isEmpty()) {
                List<Dns.MxRecord> order = new ArrayList<>(mx);
                order.removeIf(Dns.MxRecord::isNullMx);
                Collections.shuffle(order, random);
                order.sort(Comparator.comparingInt(Dns.MxRecord::preference));
                Dns.LookupException lastLookup = null;
                for (Dns.MxRecord r : order) {
                    List<InetAddress> addrs;
                    try {
                        addrs = new ArrayList<>(dns.addresses(r.host()));
                    } catch (Dns.LookupException e) {
                        lastLookup = e;
                        continue;
                    }
                    Collections.shuffle(addrs, random);
                    for (InetAddress a : addrs) {
                        out.add(new Endpoint(new InetSocketAddress(a, port), r.host(), domain));
                    }
                }
                if (out.isEmpty()) {
                    throw new SmtpSessionException(SmtpSessionException.Stage.POLICY,
                            EnhancedStatus.parse(lastLookup != null && lastLookup.isTemporary() ? "4.4.3" : "5.4.4"),
                            "Host or domain name not found: no address for the MX hosts of " + domain, null, null);
                }
                return limit(out, opts);
            }
        }
        List<InetAddress> addrs;
        try {
            addrs = new ArrayList<>(dns.addresses(domain));
        } catch (Dns.LookupException e) {
            throw new SmtpSessionException(SmtpSessionException.Stage.POLICY,
                    EnhancedStatus.parse(e.isTemporary() ? "4.4.3" : "5.4.4"), "Host or domain name not found. "
                            + "Name service error for name=" + domain + ": " + e.getMessage(), null, e);
        }
        if (addrs.isEmpty()) {
            throw new SmtpSessionException(SmtpSessionException.Stage.POLICY, EnhancedStatus.parse("5.4.4"),
                    "Host or domain name not found. Name service error for name=" + domain + " type=A: Host not found",
                    null, null);
        }
        Collections.shuffle(addrs, random);
        for (InetAddress a : addrs) {
            out.add(new Endpoint(new InetSocketAddress(a, port), domain, domain));
        }
        return limit(out, opts);
    }

    private static List<Endpoint> limit(List<Endpoint> eps, SmtpOptions opts) {
        return opts.mxAddressLimit() > 0 && eps.size() > opts.mxAddressLimit()
                ? List.copyOf(eps.subList(0, opts.mxAddressLimit())) : List.copyOf(eps);
    }

    private static Optional<InetAddress> literal(String host) {
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                // only numeric forms reach here, so no lookup happens
                return Optional.of(InetAddress.getByName(host));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** @return idle cached connections (for tests and monitoring) */
    public int idleConnections() {
        return cache.size();
    }

    /** QUITs and closes every idle connection. */
    @Override
    public void close() {
        cache.close();
        LOG.log(System.Logger.Level.DEBUG, "SmtpClient closed");
    }

    @Override
    public String toString() {
        return "SmtpClient[" + options + "]";
    }

}
