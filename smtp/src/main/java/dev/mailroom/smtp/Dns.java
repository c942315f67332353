package dev.mailroom.smtp;

import dev.mailroom.smtp.internal.DnsJavaResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The DNS lookups routing needs, behind a small interface so tests (and {@code --resolve}) can
 * use a fixed table. {@link #system()} uses dnsjava with the system's resolvers.
 */
public interface Dns {

    /**
     * MX records of a domain.
     *
     * @param domain an ASCII domain name
     * @return the records (empty for NXDOMAIN or NODATA); a record whose host is {@code "."}
     *         (empty) and preference 0 is an RFC 7505 null MX
     * @throws LookupException when the lookup failed (temporarily or not)
     */
    List<MxRecord> mx(String domain) throws LookupException;

    /**
     * A and AAAA records of a host.
     *
     * @param host an ASCII host name
     * @return the addresses (empty when the name does not exist or has none)
     * @throws LookupException when the lookup failed
     */
    List<InetAddress> addresses(String host) throws LookupException;

    /** @return lookups through dnsjava with the system's resolver configuration */
    static Dns system() {
        return new DnsJavaResolver();
    }

    /** @return a builder for a fixed table (tests, {@code --resolve}) */
    static Table.Builder table() {
        return new Table.Builder();
    }

    /**
     * One MX record.
     *
     * @param preference the preference (lower first)
     * @param host the exchange, without a trailing dot; "" for a null MX
     */
    record MxRecord(int preference, String host) {
        /** Checks. */
        public MxRecord {
            Objects.requireNonNull(host, "host");
            if (preference < 0 || preference > 65535) {
                throw new IllegalArgumentException("MX preference out of range: " + preference);
            }
        }

        /** @return whether this is an RFC 7505 null MX */
        public boolean isNullMx() {
            return host.isEmpty() || host.equals(".");
        }
    }

    /** A failed lookup. */
    final class LookupException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean temporary;

        /**
         * @param message what failed
         * @param temporary true for a temporary failure (SERVFAIL, timeout): Postfix's 4.4.3
         */
        public LookupException(String message, boolean temporary) {
            super(message);
            this.temporary = temporary;
        }

        /** @return true for a temporary failure */
        public boolean isTemporary() {
            return temporary;
        }
    }

    /** A fixed table of MX and address records. Names are compared without case. */
    final class Table implements Dns {
        private final Map<String, List<MxRecord>> mx;
        private final Map<String, List<InetAddress>> addresses;
        private final Map<String, Boolean> failures;

        private Table(Builder b) {
            this.mx = Map.copyOf(b.mx);
            this.addresses = Map.copyOf(b.addresses);
            this.failures = Map.copyOf(b.failures);
        }

        @Override
        public List<MxRecord> mx(String domain) throws LookupException {
            String k = key(domain);
            check(k);
            return mx.getOrDefault(k, List.of());
        }

        @Override
        public List<InetAddress> addresses(String host) throws LookupException {
            String k = key(host);
            check(k);
            return addresses.getOrDefault(k, List.of());
        }

        private void check(String k) throws LookupException {
            Boolean temp = failures.get(k);
            if (temp != null) {
                throw new LookupException("lookup of " + k + " failed", temp);
            }
        }

        private static String key(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
        }

        /** Builds a {@link Table}. */
        public static final class Builder {
            private final Map<String, List<MxRecord>> mx = new HashMap<>();
            private final Map<String, List<InetAddress>> addresses = new HashMap<>();
            private final Map<String, Boolean> failures = new HashMap<>();

            private Builder() {
            }

            /** @return this, with an MX record (host "." for a null MX) */
            public Builder mx(String domain, int preference, String host) {
                mx.computeIfAbsent(key(domain), k -> new ArrayList<>()).add(new MxRecord(preference,
                        host.equals(".") ? "" : key(host)));
                return this;
            }

            /** @return this, with addresses for a host */
            public Builder address(String host, InetAddress... values) {
                addresses.computeIfAbsent(key(host), k -> new ArrayList<>()).addAll(List.of(values));
                return this;
            }

            /** @return this, with a failing name (temporary or permanent) */
            public Builder failure(String name, boolean temporary) {
                failures.put(key(name), temporary);
                return this;
            }

            /** @return the table */
            public Table build() {
                Map<String, List<MxRecord>> m = new HashMap<>();
                mx.forEach((k, v) -> m.put(k, List.copyOf(v)));
                mx.clear();
                mx.putAll(m);
                Map<String, List<InetAddress>> a = new HashMap<>();
                addresses.forEach((k, v) -> a.put(k, List.copyOf(v)));
                addresses.clear();
                addresses.putAll(a);
                return new Table(this);
            }
        }
    }
}
