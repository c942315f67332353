package dev.mailroom.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.address.MailAddress;
import dev.mailroom.smtp.BodyType;
import dev.mailroom.smtp.Capabilities;
import dev.mailroom.smtp.DsnNotify;
import dev.mailroom.smtp.DsnReturn;
import dev.mailroom.smtp.EnhancedStatus;
import dev.mailroom.smtp.Reply;
import dev.mailroom.smtp.ReplyLimits;
import dev.mailroom.smtp.SmtpProtocolException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leaf pieces of the engine (reply reader, capabilities, command encoding, DATA stream)
 * against Postfix 3.7's {@code smtp-sink} on loopback: what the real server received is read
 * back from its dump files.
 */
final class SmtpSinkIT {

    private static final Path SMTP_SINK = Path.of("/usr/sbin/smtp-sink");

    @TempDir
    Path dir;

    private Process sink;
    private int port;

    @AfterEach
    void stopSink() throws InterruptedException {
        if (sink != null) {
            sink.destroy();
            sink.waitFor();
        }
    }

    private void startSink(String... options) throws Exception {
        assertTrue(Files.isExecutable(SMTP_SINK), "Postfix's smtp-sink is required at " + SMTP_SINK);
        Path dumps = Files.createDirectories(dir.resolve("dumps"));
        // smtp-sink drops root privileges to "nobody", who must be able to write the dumps
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(SMTP_SINK.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "nobody"));
        }
        cmd.addAll(List.of("-h", "sink.test", "-d", dumps + "/%H%M%S."));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("127.0.0.1:" + port, "10"));
        sink = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sink.log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertTrue(s.isConnected());
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !sink.isAlive()) {
                    throw new AssertionError("smtp-sink did not start: " + Files.readString(dir.resolve("sink.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    private final class Session implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final ReplyReader in;

        Session() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new ReplyReader(socket.getInputStream(), ReplyLimits.DEFAULT);
        }

        Reply send(byte[] command) throws IOException {
            out.write(command);
            out.flush();
            return in.read();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private List<String> dumps() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("dumps"))) {
            List<String> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
            return out;
        }
    }

    /** The message part of a dump: what follows smtp-sink's three-line Received header. */
    private static String body(String dump) {
        int received = dump.indexOf("Received: ");
        int start = received;
        for (int i = 0; i < 3; i++) {
            start = dump.indexOf('\n', start) + 1;
        }
        return dump.substring(start);
    }

    @Test
    void ehlo_capabilities_andTransaction_withAdversarialData() throws Exception {
        startSink();
        List<String> messages = List.of(
                "Subject: one\r\n\r\na\n.\nb\r\n",
                "Subject: two\r\n\r\nx\r.\ry\r\n.\r\nQUIT\r\n",
                "Subject: three\r\n\r\n.\r\n..\r\nno final line end",
                "");
        try (Session s = new Session()) {
            Reply greeting = s.in.read();
            assertEquals(220, greeting.code());
            Reply ehlo = s.send(SmtpCommands.ehlo("client.example"));
            Capabilities caps = Capabilities.parse(ehlo);
            assertEquals("sink.test", caps.serverName());
            assertTrue(caps.pipelining());
            assertTrue(caps.eightBitMime());
            assertTrue(caps.dsn());
            assertTrue(caps.enhancedStatusCodes());
            assertEquals(List.of("PLAIN", "LOGIN"), List.copyOf(caps.authMechanisms()));
            assertEquals(List.of("NAME", "HELO"), caps.parameters("XCLIENT"));
            assertFalse(caps.chunking());
            for (String message : messages) {
                Reply mail = s.send(SmtpCommands.mailFrom(MailAddress.parse("\"odd sender\"@example.org"),
                        new MailParameters(message.length(), BodyType.EIGHT_BIT_MIME, false, DsnReturn.HEADERS,
                                "id+1=2"), false));
                assertEquals(Optional.of(new EnhancedStatus(2, 1, 0)), mail.enhancedStatus());
                Reply rcpt = s.send(SmtpCommands.rcptTo(MailAddress.parse("bob@bücher.example"),
                        new RcptParameters(EnumSet.of(DsnNotify.FAILURE, DsnNotify.DELAY), "bob+x@example.org"), false));
                assertEquals(250, rcpt.code());
                assertEquals(354, s.send(SmtpCommands.DATA).code());
                DotStuffingOutputStream data = new DotStuffingOutputStream(s.out);
                data.write(message.getBytes(StandardCharsets.ISO_8859_1));
                data.finish();
                Reply done = s.in.read();
                assertEquals(250, done.code(), "end of data: " + done);
                assertEquals(0, s.in.buffered(), "nothing smuggled after the end of data");
            }
            assertEquals(250, s.send(SmtpCommands.RSET).code());
            assertEquals(250, s.send(SmtpCommands.NOOP).code());
            assertEquals(221, s.send(SmtpCommands.QUIT).code());
        }
        List<String> dumps = dumps();
        assertEquals(messages.size(), dumps.size(), "one dump per message");
        for (String dump : dumps) {
            assertTrue(dump.contains("X-Helo-Args: client.example\n"), dump);
            assertTrue(dump.contains("X-Mail-Args: <\"odd sender\"@example.org> SIZE="), dump);
            assertTrue(dump.contains(" BODY=8BITMIME RET=HDRS ENVID=id+2B1+3D2\n"), dump);
            assertTrue(dump.contains(
                    "X-Rcpt-Args: <bob@xn--bcher-kva.example> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob+2Bx@example.org\n"),
                    dump);
        }
        // smtp-sink removes the dot-stuffing and writes each line with LF, then an empty line
        List<String> bodies = dumps.stream().map(SmtpSinkIT::body).sorted().toList();
        List<String> expected = messages.stream()
                .map(m -> WireFixtures.normalizedLines(m) + "\n").sorted().toList();
        assertEquals(expected, bodies);
    }

    @Test
    void rejectedRcpt_givesReplyWithEnhancedStatus() throws Exception {
        startSink("-f", "RCPT", "-B", "550 5.1.1 no such user here");
        try (Session s = new Session()) {
            s.in.read();
            s.send(SmtpCommands.ehlo("client.example"));
            assertEquals(250, s.send(SmtpCommands.mailFrom(MailAddress.nullSender(), MailParameters.NONE, false))
                    .code());
            Reply rcpt = s.send(SmtpCommands.rcptTo(MailAddress.parse("x@example.org"), RcptParameters.NONE, false));
            assertEquals(550, rcpt.code());
            assertEquals(Optional.of(new EnhancedStatus(5, 1, 1)), rcpt.enhancedStatus());
            assertEquals("no such user here", rcpt.text());
        }
    }

    @Test
    void disconnectWithoutReply_isEndOfStream() throws Exception {
        startSink("-q", "MAIL");
        try (Session s = new Session()) {
            s.in.read();
            s.send(SmtpCommands.ehlo("client.example"));
            SmtpProtocolException e = org.junit.jupiter.api.Assertions.assertThrows(SmtpProtocolException.class,
                    () -> s.send(SmtpCommands.mailFrom(MailAddress.parse("a@example.org"), MailParameters.NONE, false)));
            assertEquals(SmtpProtocolException.Problem.END_OF_STREAM, e.problem());
        }
    }

    @Test
    void capabilities_followServerOptions() throws Exception {
        startSink("-8", "-a", "-N", "-E", "-p", "-C", "-F");
        try (Session s = new Session()) {
            s.in.read();
            Capabilities caps = Capabilities.parse(s.send(SmtpCommands.ehlo("client.example")));
            assertFalse(caps.pipelining());
            assertFalse(caps.eightBitMime());
            assertFalse(caps.dsn());
            assertFalse(caps.enhancedStatusCodes());
            assertTrue(caps.authMechanisms().isEmpty());
            assertFalse(caps.has("XCLIENT"));
        }
    }
}
