package dev.mailroom.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scriptable SMTP or LMTP server on loopback for tests of SMTP clients. By default it
 * behaves as a well-mannered ESMTP server that accepts everything; rules replace its answer to
 * chosen commands with another reply, a dropped connection, a delay, raw bytes, or bytes
 * injected after the STARTTLS reply. It records every line of every session and every message
 * it accepted.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
 *         .on("RCPT", "<bad@", ServerAction.reply("550 5.1.1 no such user"))
 *         .start()) {
 *     // point the client at server.port() ...
 *     server.messages();   // what was accepted
 *     server.sessions();   // C:/S: transcript per connection
 * }
 * }</pre>
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private final Builder config;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger queueIds = new AtomicInteger(0x1000);
    private volatile boolean closed;

    private ScriptedSmtpServer(Builder config) throws IOException {
        this.config = config;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "scripted-smtp-accept-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** Starts describing a server. */
    public static Builder builder() {
        return new Builder();
    }

    /** The TCP port the server listens on (on the loopback address). */
    public int port() {
        return listener.getLocalPort();
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** The sessions so far, in the order the connections were accepted. */
    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    /** The messages accepted so far, in order. */
    public List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    /** Stops listening and closes every open connection. */
    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : open) {
            s.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(s);
            Session session = new Session(sessions.size() + 1);
            sessions.add(session);
            Thread t = new Thread(() -> serve(s, session), "scripted-smtp-session-" + session.number());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket, Session session) {
        try (Socket s = socket) {
            s.setSoTimeout((int) config.idleTimeout.toMillis());
            Connection c = new Connection(s, session);
            if (config.implicitTls) {
                c.startTls();
            }
            c.run();
        } catch (IOException | RuntimeException e) {
            session.note("closed: " + e);
        } finally {
            open.remove(socket);
            session.finish();
        }
    }

    /** One conversation with a client. */
    private final class Connection {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final Session session;
        private boolean greeted;
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();
        private final ByteArrayOutputStream bdat = new ByteArrayOutputStream();

        Connection(Socket socket, Session session) throws IOException {
            this.socket = socket;
            this.session = session;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void run() throws IOException {
            if (!perform(config.greeting, "220 mx.scripted.test " + (config.lmtp ? "LMTP" : "ESMTP") + " scripted")) {
                return;
            }
            while (true) {
                String line = readLine();
                if (line == null) {
                    session.note("client closed the connection");
                    return;
                }
                session.client(line);
                if (!handle(line)) {
                    return;
                }
            }
        }

        /** Handles one command; false when the connection is to end. */
        private boolean handle(String line) throws IOException {
            int space = line.indexOf(' ');
            String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String arg = space < 0 ? "" : line.substring(space + 1);
            if (verb.equals("MAIL") || verb.equals("RCPT")) {
                int colon = arg.indexOf(':');
                arg = colon < 0 ? arg : arg.substring(colon + 1).strip();
            }
            ServerAction rule = config.match(verb, arg);
            String hello = config.lmtp ? "LHLO" : "EHLO";
            switch (verb) {
                case "EHLO", "LHLO", "HELO" -> {
                    if ((verb.equals("HELO") && config.lmtp) || (!verb.equals("HELO") && !verb.equals(hello))) {
                        return perform(rule, "500 5.5.2 Error: command not recognized");
                    }
                    greeted = true;
                    reset();
                    return perform(rule, verb.equals("HELO") ? "250 mx.scripted.test" : ehloReply());
                }
                case "MAIL" -> {
                    if (!greeted) {
                        return perform(rule, "503 5.5.1 Error: send " + hello + " first");
                    }
                    if (mailFrom != null) {
                        return perform(rule, "503 5.5.1 Error: nested MAIL command");
                    }
                    String reply = actionReply(rule, "250 2.1.0 Ok");
                    if (reply.startsWith("2")) {
                        mailFrom = arg;
                    }
                    return perform(rule, "250 2.1.0 Ok");
                }
                case "RCPT" -> {
                    if (mailFrom == null) {
                        return perform(rule, "503 5.5.1 Error: need MAIL command");
                    }
                    String reply = actionReply(rule, "250 2.1.5 Ok");
                    if (reply.startsWith("2")) {
                        recipients.add(arg);
                    }
                    return perform(rule, "250 2.1.5 Ok");
                }
                case "DATA" -> {
                    if (recipients.isEmpty()) {
                        return perform(rule, config.lmtp ? "503 5.5.1 Error: need RCPT command"
                                : "554 5.5.1 Error: no valid recipients");
                    }
                    String reply = actionReply(rule, "354 End data with <CR><LF>.<CR><LF>");
                    if (!perform(rule, "354 End data with <CR><LF>.<CR><LF>")) {
                        return false;
                    }
                    if (!reply.startsWith("3")) {
                        return true;
                    }
                    return receiveData();
                }
                case "BDAT" -> {
                    return receiveChunk(arg, rule);
                }
                case "RSET" -> {
                    reset();
                    return perform(rule, "250 2.0.0 Ok");
                }
                case "NOOP" -> {
                    return perform(rule, "250 2.0.0 Ok");
                }
                case "QUIT" -> {
                    perform(rule, "221 2.0.0 Bye");
                    return false;
                }
                case "STARTTLS" -> {
                    if (config.tls == null || config.implicitTls || socket instanceof SSLSocket) {
                        return perform(rule, "502 5.5.1 Error: command not implemented");
                    }
                    String reply = actionReply(rule, "220 2.0.0 Ready to start TLS");
                    if (!perform(rule, "220 2.0.0 Ready to start TLS")) {
                        return false;
                    }
                    if (reply.startsWith("2")) {
                        startTls();
                        greeted = false;
                        reset();
                    }
                    return true;
                }
                default -> {
                    return perform(rule, "502 5.5.2 Error: command not recognized");
                }
            }
        }

        private String ehloReply() {
            List<String> caps = new ArrayList<>(config.capabilities);
            if (config.tls != null && !config.implicitTls && !(socket instanceof SSLSocket)) {
                caps.add("STARTTLS");
            }
            StringBuilder sb = new StringBuilder();
            List<String> lines = new ArrayList<>();
            lines.add("mx.scripted.test");
            lines.addAll(caps);
            for (int i = 0; i < lines.size(); i++) {
                sb.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i));
                if (i < lines.size() - 1) {
                    sb.append('\n');
                }
            }
            return sb.toString();
        }

        private boolean receiveData() throws IOException {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                byte[] raw = readRawLine();
                if (raw == null) {
                    session.note("connection lost in DATA");
                    return false;
                }
                int len = raw.length;
                int body = len;
                if (body > 0 && raw[body - 1] == '\n') {
                    body--;
                    if (body > 0 && raw[body - 1] == '\r') {
                        body--;
                    }
                }
                if (body == 1 && raw[0] == '.' && len > 1 && raw[len - 1] == '\n') {
                    break;
                }
                wire.write(raw);
                int from = raw.length > 0 && raw[0] == '.' ? 1 : 0;
                content.write(raw, from, raw.length - from);
            }
            session.client("<" + wire.size() + " bytes of message data>");
            accept(wire.toByteArray(), content.toByteArray());
            return true;
        }

        private boolean receiveChunk(String arg, ServerAction rule) throws IOException {
            String[] parts = arg.strip().split(" +");
            long size;
            try {
                size = Long.parseLong(parts[0]);
            } catch (NumberFormatException e) {
                return perform(rule, "501 5.5.4 Syntax: BDAT count [LAST]");
            }
            boolean last = parts.length > 1 && parts[1].equalsIgnoreCase("LAST");
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                session.note("connection lost in BDAT");
                return false;
            }
            session.client("<" + size + " bytes of BDAT data>");
            if (mailFrom == null || recipients.isEmpty()) {
                return perform(rule, "503 5.5.1 Error: need RCPT command");
            }
            bdat.write(chunk);
            if (!last) {
                return perform(rule, "250 2.0.0 Ok: " + size + " octets");
            }
            byte[] data = bdat.toByteArray();
            return acceptAndReply(data, data, rule);
        }

        private void accept(byte[] wire, byte[] content) throws IOException {
            acceptAndReply(wire, content, config.match(".", ""));
        }

        private boolean acceptAndReply(byte[] wire, byte[] content, ServerAction rule) throws IOException {
            String queueId = Integer.toHexString(queueIds.incrementAndGet()).toUpperCase(Locale.ROOT);
            String fallback = "250 2.0.0 Ok: queued as " + queueId;
            boolean ok;
            if (config.lmtp) {
                List<String> accepted = new ArrayList<>();
                ok = true;
                for (String rcpt : recipients) {
                    ServerAction r = config.matchLmtp(rcpt);
                    String text = actionReply(r, "250 2.1.5 " + rcpt + " Ok: queued as " + queueId);
                    if (text.startsWith("2")) {
                        accepted.add(rcpt);
                    }
                    if (!perform(r, "250 2.1.5 " + rcpt + " Ok: queued as " + queueId)) {
                        ok = false;
                        break;
                    }
                }
                if (!accepted.isEmpty()) {
                    messages.add(new ReceivedMessage(mailFrom, accepted, wire, content));
                }
            } else {
                String text = actionReply(rule, fallback);
                if (text.startsWith("2")) {
                    messages.add(new ReceivedMessage(mailFrom, recipients, wire, content));
                }
                ok = perform(rule, fallback);
            }
            reset();
            return ok;
        }

        private void reset() {
            mailFrom = null;
            recipients.clear();
            bdat.reset();
        }

        /** The reply text an action will send, or the fallback when it sends none. */
        private String actionReply(ServerAction action, String fallback) {
            if (action instanceof ServerAction.Reply r) {
                return r.text();
            }
            if (action instanceof ServerAction.Delay d) {
                return actionReply(d.then(), fallback);
            }
            if (action instanceof ServerAction.Inject i) {
                return i.reply();
            }
            return action == null ? fallback : "";
        }

        /** Performs the action (or the default reply); false when the connection ends. */
        private boolean perform(ServerAction action, String defaultReply) throws IOException {
            if (action == null) {
                return send(defaultReply);
            }
            if (action instanceof ServerAction.Reply r) {
                return send(r.text());
            }
            if (action instanceof ServerAction.Drop) {
                session.note("dropped by script");
                return false;
            }
            if (action instanceof ServerAction.Delay d) {
                try {
                    Thread.sleep(d.pause().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return perform(d.then(), defaultReply);
            }
            if (action instanceof ServerAction.Raw raw) {
                byte[] b = raw.bytes();
                session.server("<raw " + b.length + " bytes>");
                out.write(b);
                out.flush();
                return true;
            }
            ServerAction.Inject inject = (ServerAction.Inject) action;
            session.server(inject.reply());
            session.server("<injected " + inject.injected().length + " bytes>");
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write((inject.reply() + "\r\n").getBytes(StandardCharsets.UTF_8));
            b.write(inject.injected());
            out.write(b.toByteArray());
            out.flush();
            return true;
        }

        private boolean send(String text) throws IOException {
            StringBuilder wire = new StringBuilder();
            for (String l : text.split("\n", -1)) {
                session.server(l);
                wire.append(l).append("\r\n");
            }
            out.write(wire.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        }

        void startTls() throws IOException {
            int pending = in.available();
            if (pending > 0) {
                // Bytes the client sent before the handshake must never be read as commands after it.
                session.note("discarded " + pending + " bytes sent before the TLS handshake");
            }
            SSLSocket tls = (SSLSocket) config.tls.getSocketFactory().createSocket(
                    socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            socket = tls;
            in = new BufferedInputStream(tls.getInputStream());
            out = tls.getOutputStream();
            session.tls(tls.getSession().getProtocol(), tls.getSession().getCipherSuite(),
                    java.util.HexFormat.of().formatHex(tls.getSession().getId()));
        }

        private String readLine() throws IOException {
            byte[] raw = readRawLine();
            if (raw == null) {
                return null;
            }
            int end = raw.length;
            if (end > 0 && raw[end - 1] == '\n') {
                end--;
            }
            if (end > 0 && raw[end - 1] == '\r') {
                end--;
            }
            return new String(raw, 0, end, StandardCharsets.UTF_8);
        }

        /** A line with its terminator, or null at end of stream; over-long lines are cut. */
        private byte[] readRawLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            try {
                while ((c = in.read()) >= 0) {
                    b.write(c);
                    if (c == '\n' || b.size() >= config.maxLineLength) {
                        return b.toByteArray();
                    }
                }
            } catch (SocketException e) {
                return null;
            }
            return b.size() == 0 ? null : b.toByteArray();
        }
    }

    /** Describes a server; {@link #start()} starts it. */
    public static final class Builder {
        private boolean lmtp;
        private boolean implicitTls;
        private SSLContext tls;
        private ServerAction greeting;
        private final List<String> capabilities = new ArrayList<>(List.of("PIPELINING", "SIZE 10240000", "8BITMIME",
                "ENHANCEDSTATUSCODES", "SMTPUTF8", "DSN", "CHUNKING"));
        private final List<Rule> rules = new ArrayList<>();
        private final List<Rule> lmtpRules = new ArrayList<>();
        private int maxLineLength = 65536;
        private Duration idleTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Speaks LMTP: expects LHLO, and answers once per recipient after the message. */
        public Builder lmtp() {
            this.lmtp = true;
            return this;
        }

        /** Offers STARTTLS with this server context (see {@link TestPki.Issued#serverContext()}). */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Speaks TLS from the first byte (SMTPS, port 465 style); needs {@link #tls(SSLContext)}. */
        public Builder implicitTls() {
            this.implicitTls = true;
            return this;
        }

        /** Replaces the greeting (default {@code 220 mx.scripted.test ESMTP scripted}). */
        public Builder greeting(ServerAction action) {
            this.greeting = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * Replaces the EHLO keywords (default PIPELINING, SIZE 10240000, 8BITMIME,
         * ENHANCEDSTATUSCODES, SMTPUTF8, DSN, CHUNKING); STARTTLS is added when TLS is configured.
         */
        public Builder capabilities(String... keywords) {
            capabilities.clear();
            capabilities.addAll(List.of(keywords));
            return this;
        }

        /**
         * Answers every command with this verb by {@code action}. Verbs are SMTP verbs
         * ({@code MAIL}, {@code RCPT}, {@code DATA}, {@code BDAT}, {@code STARTTLS}, {@code AUTH} ...);
         * the verb {@code "."} names the reply after the message data.
         */
        public Builder on(String verb, ServerAction action) {
            return on(verb, "", action, Integer.MAX_VALUE);
        }

        /**
         * Answers commands with this verb whose argument contains {@code argumentContains}
         * (case-insensitive; for MAIL and RCPT the argument is the part after the colon).
         */
        public Builder on(String verb, String argumentContains, ServerAction action) {
            return on(verb, argumentContains, action, Integer.MAX_VALUE);
        }

        /** As {@link #on(String, String, ServerAction)}, for the first {@code times} matches only. */
        public Builder on(String verb, String argumentContains, ServerAction action, int times) {
            rules.add(new Rule(verb.toUpperCase(Locale.ROOT), argumentContains.toLowerCase(Locale.ROOT),
                    Objects.requireNonNull(action, "action"), new AtomicInteger(times)));
            return this;
        }

        /** In LMTP mode, the reply after the message for recipients whose address contains this text. */
        public Builder lmtpReply(String recipientContains, ServerAction action) {
            lmtpRules.add(new Rule("", recipientContains.toLowerCase(Locale.ROOT), action,
                    new AtomicInteger(Integer.MAX_VALUE)));
            return this;
        }

        /** Cuts client lines longer than this many bytes (default 65536). */
        public Builder maxLineLength(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("maxLineLength must be at least 16: " + bytes);
            }
            this.maxLineLength = bytes;
            return this;
        }

        /** Closes a connection idle this long (default 60 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Starts listening on an ephemeral loopback port.
         *
         * @throws IOException when no port can be bound
         * @throws IllegalStateException when implicit TLS was asked for without a context
         */
        public ScriptedSmtpServer start() throws IOException {
            if (implicitTls && tls == null) {
                throw new IllegalStateException("implicitTls() needs tls(context)");
            }
            ScriptedSmtpServer server = new ScriptedSmtpServer(this);
            server.acceptor.start();
            return server;
        }

        ServerAction match(String verb, String arg) {
            return first(rules, verb, arg);
        }

        ServerAction matchLmtp(String recipient) {
            return first(lmtpRules, "", recipient);
        }

        private static ServerAction first(List<Rule> list, String verb, String arg) {
            String a = arg.toLowerCase(Locale.ROOT);
            synchronized (list) {
                for (Rule r : list) {
                    if (r.verb.equals(verb) && a.contains(r.contains) && r.remaining.get() > 0) {
                        r.remaining.decrementAndGet();
                        return r.action;
                    }
                }
            }
            return null;
        }
    }

    private record Rule(String verb, String contains, ServerAction action, AtomicInteger remaining) {
    }

    /** The record of one connection: its transcript and its TLS state. */
    public static final class Session {
        private final int number;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private volatile String tlsProtocol;
        private volatile String tlsCipher;
        private volatile String tlsSessionId;
        private volatile boolean finished;

        Session(int number) {
            this.number = number;
        }

        /** The session's number, from 1, in accept order. */
        public int number() {
            return number;
        }

        /**
         * The transcript: {@code C: } lines the client sent, {@code S: } lines the server sent,
         * {@code *: } notes (TLS started, bytes discarded, connection dropped).
         */
        public List<String> lines() {
            return List.copyOf(lines);
        }

        /** The client's lines only, without the {@code C: } prefix. */
        public List<String> commands() {
            return lines.stream().filter(l -> l.startsWith("C: ")).map(l -> l.substring(3)).toList();
        }

        /** The negotiated TLS protocol, or null when the session never started TLS. */
        public String tlsProtocol() {
            return tlsProtocol;
        }

        /** The negotiated cipher suite, or null when the session never started TLS. */
        public String tlsCipher() {
            return tlsCipher;
        }

        /**
         * The TLS session id in hex, or null when the session never started TLS; two
         * connections with the same id mean the second resumed the first's TLS session.
         */
        public String tlsSessionId() {
            return tlsSessionId;
        }

        /** Whether the connection has ended. */
        public boolean finished() {
            return finished;
        }

        void client(String line) {
            lines.add("C: " + line);
        }

        void server(String line) {
            lines.add("S: " + line);
        }

        void note(String text) {
            lines.add("*: " + text);
        }

        void tls(String protocol, String cipher, String sessionId) {
            tlsProtocol = protocol;
            tlsCipher = cipher;
            tlsSessionId = sessionId;
            note("TLS started: " + protocol + " " + cipher);
        }

        void finish() {
            finished = true;
        }

        @Override
        public String toString() {
            return "Session " + number + ":\n" + String.join("\n", lines);
        }
    }
}
