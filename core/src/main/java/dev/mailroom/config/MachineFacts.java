package dev.mailroom.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The facts about the machine that some Postfix defaults are computed from:
 * {@code myhostname} and {@code mydomain} (from the host name) and {@code mynetworks} (from
 * the addresses of the local interfaces). Tests pass fixed facts through {@link #of}.
 */
public interface MachineFacts {

    /**
     * @return the host name as {@code gethostname(2)} reports it, possibly without a domain
     */
    String hostName();

    /**
     * @return the addresses of the local network interfaces with their prefix lengths,
     *     IPv4 addresses first, each family in interface order
     */
    List<LocalAddress> addresses();

    /** @return the id of the running process, shown as Postfix's {@code process_id} */
    long processId();

    /**
     * One address of a local network interface.
     *
     * @param address the address (no IPv6 scope)
     * @param prefixLength the network prefix length in bits
     */
    record LocalAddress(InetAddress address, int prefixLength) {
        /**
         * @throws NullPointerException when address is null
         * @throws IllegalArgumentException when the prefix length does not fit the address
         */
        public LocalAddress {
            Objects.requireNonNull(address, "address");
            int bits = address.getAddress().length * 8;
            if (prefixLength < 0 || prefixLength > bits) {
                throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + bits);
            }
        }
    }

    /**
     * Fixed facts, for tests and for applications that configure another machine.
     *
     * @param hostName the host name
     * @param addresses the local interface addresses, in the order Postfix would see them
     * @return the facts
     */
    static MachineFacts of(String hostName, List<LocalAddress> addresses) {
        Objects.requireNonNull(hostName, "hostName");
        List<LocalAddress> copy = List.copyOf(addresses);
        return new MachineFacts() {
            @Override
            public String hostName() {
                return hostName;
            }

            @Override
            public List<LocalAddress> addresses() {
                return copy;
            }

            @Override
            public long processId() {
                return ProcessHandle.current().pid();
            }
        };
    }

    /**
     * The facts of the machine this JVM runs on: the kernel host name and the addresses of
     * the interfaces that are up.
     *
     * @return the facts, read once when called
     * @throws UncheckedIOException when the interfaces cannot be listed
     */
    static MachineFacts system() {
        String host;
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        try {
            host = Files.isReadable(kernel) ? Files.readString(kernel).strip() : InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<NetworkInterface> interfaces;
        try {
            interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
            List<NetworkInterface> up = new ArrayList<>();
            for (NetworkInterface ni : interfaces) {
                if (ni.isUp()) {
                    up.add(ni);
                }
            }
            interfaces = up;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        interfaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
        List<LocalAddress> v4 = new ArrayList<>();
        List<LocalAddress> v6 = new ArrayList<>();
        for (NetworkInterface ni : interfaces) {
            for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
                InetAddress a = ia.getAddress();
                try {
                    InetAddress plain = InetAddress.getByAddress(a.getAddress());
                    (a instanceof Inet4Address ? v4 : v6).add(new LocalAddress(plain, ia.getNetworkPrefixLength()));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        List<LocalAddress> all = new ArrayList<>(v4);
        all.addAll(v6);
        return of(host, all);
    }
}
