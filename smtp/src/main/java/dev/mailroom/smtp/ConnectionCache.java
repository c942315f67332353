package dev.mailroom.smtp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Idle sessions per destination, keyed by nexthop, credential identity and TLS policy, so a
 * session authenticated as one user or set up under one policy is never handed to a message
 * that needs another. Thread-safe. Expired sessions are closed when found (borrow, release,
 * close); a session idle past {@link SmtpOptions#livenessCheckAfter()} is checked with RSET
 * before it is lent.
 */
final class ConnectionCache {

    /** What a cached session was set up for. */
    record Key(String nexthop, Protocol protocol, String identity, TlsPolicy tls, boolean wrapperMode,
            String heloName) {
        Key {
            Objects.requireNonNull(nexthop);
            Objects.requireNonNull(identity);
        }

        static Key of(Nexthop nexthop, SmtpOptions o) {
            return new Key(nexthop.text(), o.protocol(), o.authentication().map(Authentication::identity).orElse(""),
                    o.tlsPolicy(), o.wrapperMode(), o.heloName());
        }
    }

    private record Idle(SmtpSession session, long since) {
    }

    private final Map<Key, Deque<Idle>> idle = new HashMap<>();
    private boolean closed;

    /**
     * @return a live session for the key, or null
     */
    SmtpSession borrow(Key key, SmtpOptions o) {
        while (true) {
            Idle i;
            synchronized (this) {
                Deque<Idle> q = idle.get(key);
                i = q == null ? null : q.pollFirst();
            }
            if (i == null) {
                return null;
            }
            long now = System.nanoTime();
            SmtpSession s = i.session();
            if (s.isBroken() || expired(s, i.since(), now, o)) {
                s.close();
                continue;
            }
            if (now - i.since() > o.livenessCheckAfter().toNanos()) {
                try {
                    s.reset();
                } catch (SmtpSessionException e) {
                    s.close();
                    continue;
                }
            }
            return s;
        }
    }

    /** Keeps a healthy session for reuse, or closes it. */
    void release(Key key, SmtpSession s, SmtpOptions o) {
        long now = System.nanoTime();
        if (s.isBroken() || o.connectionCacheTimeLimit().isZero() || reuseExhausted(s, now, o)) {
            s.close();
            return;
        }
        List<SmtpSession> stale = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                stale.add(s);
            } else {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(new Idle(s, now));
                for (Deque<Idle> q : idle.values()) {
                    q.removeIf(i -> {
                        boolean old = expired(i.session(), i.since(), now, o);
                        if (old) {
                            stale.add(i.session());
                        }
                        return old;
                    });
                }
            }
        }
        stale.forEach(SmtpSession::close);
    }

    private static boolean expired(SmtpSession s, long since, long now, SmtpOptions o) {
        return now - since > o.connectionCacheTimeLimit().toNanos() || reuseExhausted(s, now, o);
    }

    private static boolean reuseExhausted(SmtpSession s, long now, SmtpOptions o) {
        Duration limit = o.connectionReuseTimeLimit();
        return now - s.createdNanos() > limit.toNanos()
                || o.connectionReuseCountLimit() > 0 && s.transactions() >= o.connectionReuseCountLimit();
    }

    /** @return the number of idle sessions (tests) */
    synchronized int size() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** Closes every idle session (QUIT). */
    void close() {
        List<SmtpSession> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(q -> q.forEach(i -> all.add(i.session())));
            idle.clear();
        }
        all.forEach(SmtpSession::close);
    }
}
