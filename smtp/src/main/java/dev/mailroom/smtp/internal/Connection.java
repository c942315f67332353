package dev.mailroom.smtp.internal;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One client connection, TCP or Unix-domain, with a read timeout that can change per stage
 * and writes guarded by {@link Watchdog}. Not thread-safe.
 */
public final class Connection implements Closeable {

    private Socket socket;
    private final SocketChannel unix;
    private final Selector selector;
    private InputStream in;
    private OutputStream out;
    private volatile Duration readTimeout = Duration.ofSeconds(30);
    private Duration writeTimeout = Duration.ofSeconds(180);
    private final String peer;
    private volatile boolean closed;

    private Connection(Socket socket, String peer) throws IOException {
        this.socket = socket;
        this.unix = null;
        this.selector = null;
        this.peer = peer;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(new GuardedOut(socket.getOutputStream()), 16 * 1024);
    }

    private Connection(SocketChannel unix, String peer) throws IOException {
        this.socket = null;
        this.unix = unix;
        this.peer = peer;
        unix.configureBlocking(false);
        this.selector = Selector.open();
        this.in = new UnixIn();
        this.out = new BufferedOutputStream(new GuardedOut(new UnixOut()), 16 * 1024);
    }

    /**
     * @param address where to connect
     * @param timeout the connect limit
     * @param peer the peer's name for messages, e.g. {@code mx.example[192.0.2.1]:25}
     * @return the connection
     * @throws IOException when the connection fails or times out
     */
    public static Connection tcp(InetSocketAddress address, Duration timeout, String peer) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            return new Connection(s, peer);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * @param address the socket file
     * @param timeout the connect limit
     * @param peer the peer's name for messages
     * @return the connection
     * @throws IOException when the connection fails or times out
     */
    public static Connection unix(UnixDomainSocketAddress address, Duration timeout, String peer) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ScheduledFuture<?> timer = Watchdog.arm(timeout, ch);
        try {
            ch.connect(address);
            return new Connection(ch, peer);
        } catch (IOException e) {
            ch.close();
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    /** @return the peer's name for messages */
    public String peer() {
        return peer;
    }

    /** @return whether this is a TCP connection (STARTTLS is possible) */
    public boolean isTcp() {
        return socket != null;
    }

    /** @return the stream replies arrive on */
    public InputStream in() {
        return in;
    }

    /** @return the buffered stream commands go out on */
    public OutputStream out() {
        return out;
    }

    /**
     * @param read the limit for each read from now on
     * @throws IOException when the socket rejects it
     */
    public void readTimeout(Duration read) throws IOException {
        this.readTimeout = read;
        if (socket != null) {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, read.toMillis())));
        }
    }

    /** @param write the limit for each write from now on */
    public void writeTimeout(Duration write) {
        this.writeTimeout = write;
    }

    /**
     * Starts TLS over this TCP connection (STARTTLS or SMTPS) and completes the handshake.
     *
     * @param context the context (shared between connections for session resumption)
     * @param peerHost the host name for the session cache key
     * @param port the port
     * @param sni the name for server name indication, or null for none
     * @param protocols enabled protocols, or null for the context's defaults
     * @param suites enabled cipher suites, or null for the defaults
     * @param handshakeTimeout the limit for the handshake
     * @return the TLS socket
     * @throws IOException when the handshake fails
     */
    public SSLSocket startTls(SSLContext context, String peerHost, int port, String sni, List<String> protocols,
            List<String> suites, Duration handshakeTimeout) throws IOException {
        if (socket == null) {
            throw new IllegalStateException("TLS over a Unix-domain socket is not supported");
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, peerHost, port, true);
        SSLParameters p = tls.getSSLParameters();
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        } else {
            p.setServerNames(List.of());
        }
        if (protocols != null) {
            p.setProtocols(protocols.toArray(String[]::new));
        }
        if (suites != null) {
            p.setCipherSuites(suites.toArray(String[]::new));
        }
        tls.setSSLParameters(p);
        tls.setUseClientMode(true);
        this.socket = tls;
        readTimeout(handshakeTimeout);
        ScheduledFuture<?> timer = Watchdog.arm(handshakeTimeout, tls);
        try {
            tls.startHandshake();
        } finally {
            timer.cancel(false);
        }
        this.in = tls.getInputStream();
        this.out = new BufferedOutputStream(new GuardedOut(tls.getOutputStream()), 16 * 1024);
        return tls;
    }

    /** @return whether {@link #close()} was called (possibly by a watchdog) */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (socket != null) {
                socket.close();
            } else {
                unix.close();
                selector.close();
            }
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** Writes with a watchdog, so a server that stops reading cannot hang the thread. */
    private final class GuardedOut extends OutputStream {
        private final OutputStream target;

        GuardedOut(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ScheduledFuture<?> timer = Watchdog.arm(writeTimeout, Connection.this);
            try {
                target.write(b, off, len);
            } catch (IOException e) {
                if (closed) {
                    throw new SocketTimeoutException("write timed out after " + writeTimeout.toSeconds() + " s");
                }
                throw e;
            } finally {
                timer.cancel(false);
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }

    private final class UnixIn extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            long deadline = System.nanoTime() + readTimeout.toNanos();
            while (true) {
                int n = unix.read(buf);
                if (n != 0) {
                    return n;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("read timed out");
                }
                SelectionKey key = unix.register(selector, SelectionKey.OP_READ);
                selector.select(Math.max(1, left / 1_000_000));
                key.interestOps(0);
                selector.selectedKeys().clear();
            }
        }
    }

    private final class UnixOut extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                if (unix.write(buf) == 0) {
                    SelectionKey key = unix.register(selector, SelectionKey.OP_WRITE);
                    selector.select(1000);
                    key.interestOps(0);
                    selector.selectedKeys().clear();
                }
            }
        }
    }
}
