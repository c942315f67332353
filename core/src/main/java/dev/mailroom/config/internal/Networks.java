package dev.mailroom.config.internal;

import dev.mailroom.config.ConfigException;
import dev.mailroom.config.MachineFacts.LocalAddress;
import dev.mailroom.internal.InetText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Computes Postfix's {@code mynetworks} default and formats addresses as Postfix prints them. */
public final class Networks {

    private Networks() {
    }

    /**
     * The {@code mynetworks} default.
     *
     * @param local the machine's interface addresses, IPv4 first
     * @param interfaces the expanded {@code inet_interfaces} value
     * @param style the expanded {@code mynetworks_style} value
     * @param protocols the expanded {@code inet_protocols} value
     * @return the networks, separated by single spaces
     * @throws ConfigException when the style or protocol is unknown
     */
    public static String mynetworks(List<LocalAddress> local, String interfaces, String style,
            String protocols) {
        boolean v4 = false;
        boolean v6 = false;
        for (String p : ListSplitter.split(protocols)) {
            switch (p.toLowerCase(java.util.Locale.ROOT)) {
                case "all" -> {
                    v4 = true;
                    v6 = true;
                }
                case "ipv4" -> v4 = true;
                case "ipv6" -> v6 = true;
                default -> throw new ConfigException("inet_protocols: unknown protocol name: " + p,
                        null, 0, "unknown protocol name: " + p);
            }
        }
        List<LocalAddress> own = own(local, interfaces);
        List<String> out = new ArrayList<>();
        for (LocalAddress a : own) {
            boolean isV4 = a.address() instanceof Inet4Address;
            if (isV4 ? !v4 : !v6) {
                continue;
            }
            int bits;
            switch (style.strip()) {
                case "host" -> bits = a.address().getAddress().length * 8;
                case "subnet" -> bits = a.prefixLength();
                case "class" -> bits = isV4 ? classBits(a.address()) : a.prefixLength();
                default -> throw new ConfigException("unknown mynetworks_style value: " + style, null, 0,
                        "unknown mynetworks_style value: " + style);
            }
            out.add(format(mask(a.address(), bits)) + "/" + bits);
        }
        return String.join(" ", out);
    }

    private static List<LocalAddress> own(List<LocalAddress> local, String interfaces) {
        List<String> names = ListSplitter.split(interfaces);
        if (names.size() == 1 && names.get(0).equalsIgnoreCase("all")) {
            return local;
        }
        List<LocalAddress> out = new ArrayList<>();
        for (String n : names) {
            if (n.equalsIgnoreCase("loopback-only")) {
                for (LocalAddress a : local) {
                    if (a.address().isLoopbackAddress()) {
                        out.add(a);
                    }
                }
                continue;
            }
            String literal = n.startsWith("[") && n.endsWith("]") ? n.substring(1, n.length() - 1) : n;
            for (LocalAddress a : local) {
                String text = a.address() instanceof Inet6Address ? InetText.format(a.address().getAddress())
                        : a.address().getHostAddress();
                if (text.equalsIgnoreCase(literal)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private static int classBits(InetAddress a) {
        int first = a.getAddress()[0] & 0xff;
        if (first < 128) {
            return 8;
        }
        if (first < 192) {
            return 16;
        }
        if (first < 224) {
            return 24;
        }
        return 32;
    }

    private static InetAddress mask(InetAddress a, int bits) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Formats an address as Postfix prints network literals: dotted quad for IPv4, the
     * compressed form (RFC 5952) in brackets for IPv6.
     */
    public static String format(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return a.getHostAddress();
        }
        return "[" + InetText.format(a.getAddress()) + "]";
    }
}
