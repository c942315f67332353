package dev.mailroom.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One SMTP/LMTP destination as Postfix writes it (relayhost, transport nexthop,
 * smtp_fallback_relay): {@code [host]}, {@code [host]:port}, {@code [addr]}, {@code host},
 * {@code host:port}, {@code domain}; for LMTP also {@code unix:/path} and {@code inet:host:port}.
 * Brackets turn off the MX lookup. A port is a number from 1 to 65535 or a service name from
 * Postfix's {@code known_tcp_ports} ({@code smtp} 25, {@code submission} 587, {@code smtps} and
 * {@code submissions} 465, {@code lmtp} 24). An IPv6 address goes in brackets:
 * {@code [2001:db8::1]:25} or {@code [ipv6:2001:db8::1]}.
 *
 * @param host the host or domain (without brackets and the {@code ipv6:} prefix), or the socket path
 * @param bracketed whether MX lookup is off
 * @param port the port, when given
 * @param unixSocket whether {@code host} is a Unix-domain socket path ({@code unix:})
 * @param text the destination as written (the key for TLS policy and SASL password lookups)
 */
public record Nexthop(String host, boolean bracketed, OptionalInt port, boolean unixSocket, String text) {

    /** Postfix 3.7's {@code known_tcp_ports}. */
    public static final Map<String, Integer> KNOWN_TCP_PORTS = Map.of("smtp", 25, "submission", 587, "smtps", 465,
            "submissions", 465, "lmtp", 24);

    /** Checks. */
    public Nexthop {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(text, "text");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty destination host in \"" + text + "\"");
        }
    }

    /**
     * @param text one destination
     * @return the destination
     * @throws IllegalArgumentException for a malformed destination or a bad port (Postfix:
     *         {@code bad network port})
     */
    public static Nexthop parse(String text) {
        String t = text.strip();
        if (t.startsWith("unix:")) {
            return new Nexthop(t.substring(5), true, OptionalInt.empty(), true, t);
        }
        String rest = t.startsWith("inet:") ? t.substring(5) : t;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in destination \"" + text + "\"");
            }
            String host = rest.substring(1, close);
            if (host.regionMatches(true, 0, "ipv6:", 0, 5)) {
                host = host.substring(5);
            }
            String after = rest.substring(close + 1);
            OptionalInt port = OptionalInt.empty();
            if (after.startsWith(":")) {
                port = OptionalInt.of(port(after.substring(1), text));
            } else if (!after.isEmpty()) {
                throw new IllegalArgumentException("garbage after ']' in destination \"" + text + "\"");
            }
            return new Nexthop(host, true, port, false, t);
        }
        int colon = rest.indexOf(':');
        if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("an IPv6 address must be in brackets: \"" + text + "\"");
        }
        if (colon >= 0) {
            return new Nexthop(rest.substring(0, colon), false, OptionalInt.of(port(rest.substring(colon + 1), text)),
                    false, t);
        }
        return new Nexthop(rest, false, OptionalInt.empty(), false, t);
    }

    /**
     * A destination list as Postfix 3.5+ accepts it: separated by commas and/or whitespace.
     *
     * @param text the list
     * @return the destinations, in order
     * @throws IllegalArgumentException when one is malformed or the list is empty
     */
    public static List<Nexthop> parseList(String text) {
        List<Nexthop> out = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(parse(part));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("empty destination list");
        }
        return out;
    }

    private static int port(String s, String text) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("bad network port in destination \"" + text + "\": empty");
        }
        if (s.chars().allMatch(Character::isDigit)) {
            int p = s.length() > 5 ? 0 : Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("bad network port in destination \"" + text + "\": " + s);
            }
            return p;
        }
        Integer known = KNOWN_TCP_PORTS.get(s.toLowerCase(Locale.ROOT));
        if (known == null) {
            throw new IllegalArgumentException("bad network port in destination \"" + text + "\": unknown service "
                    + s);
        }
        return known;
    }

    /**
     * @param protocol SMTP (default 25) or LMTP (default 24)
     * @return the port to connect to
     */
    public int portOr(Protocol protocol) {
        return port.orElse(protocol == Protocol.LMTP ? 24 : 25);
    }

    @Override
    public String toString() {
        return text;
    }
}
