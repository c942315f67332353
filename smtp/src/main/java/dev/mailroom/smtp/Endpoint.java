package dev.mailroom.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One server to connect to: its address, the host name it was found under (for SNI, certificate
 * checks and messages) and the nexthop it serves (for {@code secure}'s {@code nexthop} match).
 *
 * @param address an {@link InetSocketAddress} (resolved) or a {@link UnixDomainSocketAddress}
 * @param hostname the server's host name (MX name, or the host of {@code [host]}); for a Unix
 *        socket, its path
 * @param nexthop the nexthop domain, without brackets and port
 */
public record Endpoint(SocketAddress address, String hostname, String nexthop) {

    /** Checks. */
    public Endpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(nexthop, "nexthop");
        if (address instanceof InetSocketAddress i && i.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + i);
        }
        if (!(address instanceof InetSocketAddress) && !(address instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("unsupported address type " + address.getClass().getName());
        }
    }

    /**
     * @param hostname the host name (also the nexthop)
     * @param address its address
     * @param port the port
     * @return a TCP endpoint
     */
    public static Endpoint tcp(String hostname, InetAddress address, int port) {
        return new Endpoint(new InetSocketAddress(address, port), hostname, hostname);
    }

    /**
     * @param socket the Unix-domain socket file (LMTP)
     * @return a Unix-domain endpoint
     */
    public static Endpoint unix(Path socket) {
        return new Endpoint(UnixDomainSocketAddress.of(socket), socket.toString(), socket.toString());
    }

    /** @return a copy with another nexthop */
    public Endpoint withNexthop(String value) {
        return new Endpoint(address, hostname, value);
    }

    /** @return the port, or 0 for a Unix socket */
    public int port() {
        return address instanceof InetSocketAddress i ? i.getPort() : 0;
    }

    /** @return Postfix's way of naming the peer: {@code host[address]:port} */
    public String describe() {
        if (address instanceof InetSocketAddress i) {
            return hostname + "[" + i.getAddress().getHostAddress() + "]:" + i.getPort();
        }
        return hostname;
    }
}
