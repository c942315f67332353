package dev.mailroom.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.smtp.EnhancedStatus;
import dev.mailroom.smtp.Reply;
import dev.mailroom.smtp.ReplyLimits;
import dev.mailroom.smtp.SmtpProtocolException;
import dev.mailroom.smtp.SmtpProtocolException.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ReplyReaderTest {

    private static ReplyReader reader(String wire) {
        return reader(wire, ReplyLimits.DEFAULT);
    }

    private static ReplyReader reader(String wire, ReplyLimits limits) {
        return new ReplyReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), limits);
    }

    /** Hands out one byte per read, to exercise lines that span many reads. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private int i;

        Trickle(String s) {
            data = s.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            return i < data.length ? data[i++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (i >= data.length) {
                return -1;
            }
            b[off] = data[i++];
            return 1;
        }
    }

    @Test
    void singleLine_withEnhancedStatus() throws IOException {
        Reply r = reader("250 2.1.0 Ok\r\n").read();
        assertEquals(250, r.code());
        assertEquals(Optional.of(new EnhancedStatus(2, 1, 0)), r.enhancedStatus());
        assertEquals(List.of("2.1.0 Ok"), r.lines());
    }

    @Test
    void multiline_isOneReply_andNextReplyFollows() throws IOException {
        ReplyReader rr = reader("250-mx.example.org\r\n250-PIPELINING\r\n250 SIZE 1000\r\n220 2.0.0 Ready\r\n");
        assertEquals(Reply.of(250, "mx.example.org", "PIPELINING", "SIZE 1000"), rr.read());
        assertEquals(Reply.of(220, "2.0.0 Ready"), rr.read());
        assertEquals(0, rr.buffered());
    }

    @Test
    void bareCode_andEmptyText_areAccepted() throws IOException {
        ReplyReader rr = reader("250\r\n354 \r\n250-\r\n250 x\r\n");
        assertEquals(Reply.of(250, ""), rr.read());
        assertEquals(Reply.of(354, ""), rr.read());
        assertEquals(Reply.of(250, "", "x"), rr.read());
    }

    @Test
    void bareLf_endsALine() throws IOException {
        ReplyReader rr = reader("250-a\n250 b\r\n");
        assertEquals(Reply.of(250, "a", "b"), rr.read());
    }

    @Test
    void oneByteReads_giveTheSameReplies() throws IOException {
        String wire = "250-mx\r\n250-8BITMIME\r\n250 DSN\r\n550 5.1.1 no\r\n";
        ReplyReader rr = new ReplyReader(new Trickle(wire), ReplyLimits.DEFAULT);
        assertEquals(Reply.of(250, "mx", "8BITMIME", "DSN"), rr.read());
        assertEquals(Reply.of(550, "5.1.1 no"), rr.read());
    }

    @Test
    void utf8Text_isDecoded() throws IOException {
        assertEquals(Reply.of(250, "2.0.0 Grüße"), reader("250 2.0.0 Grüße\r\n").read());
    }

    @Test
    void buffered_countsBytesBeyondTheReply() throws IOException {
        // response injection after the 220 to STARTTLS: the engine must see these bytes
        ReplyReader rr = reader("220 2.0.0 Ready to start TLS\r\n250 injected\r\n");
        assertEquals(220, rr.read().code());
        assertEquals("250 injected\r\n".length(), rr.buffered());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello\r\n", "25\r\n", "2500 x\r\n", "250x\r\n", "abc def\r\n", "600 no\r\n",
        "160 no\r\n", "260 no\r\n", "\r\n", "250_x\r\n", " 250 x\r\n", "250 a\0b\r\n", "250 a\rb\r\n",
        "250 a\u007fb\r\n"})
    void garbage_failsClearly(String wire) {
        SmtpProtocolException e = assertThrows(SmtpProtocolException.class, () -> reader(wire).read());
        assertEquals(Problem.GARBAGE, e.problem());
        assertEquals(1, e.linesRead().size());
        assertTrue(e.getMessage().startsWith("SMTP protocol error (GARBAGE)"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), "message has no control characters");
    }

    @Test
    void garbage_inMiddleOfMultiline_carriesEarlierLines() {
        SmtpProtocolException e = assertThrows(SmtpProtocolException.class,
                () -> reader("250-mx\r\n250-SIZE\r\nGARBAGE\r\n").read());
        assertEquals(Problem.GARBAGE, e.problem());
        assertEquals(List.of("250-mx", "250-SIZE", "GARBAGE"), e.linesRead());
    }

    @Test
    void mixedCodes_fail() {
        SmtpProtocolException e = assertThrows(SmtpProtocolException.class,
                () -> reader("250-first\r\n550 second\r\n").read());
        assertEquals(Problem.MIXED_CODES, e.problem());
        assertEquals(List.of("250-first", "550 second"), e.linesRead());
        assertTrue(e.getMessage().contains("250 and 550"), e.getMessage());
    }

    @Test
    void lineAtLimit_isAccepted_oneMoreOctetFails() throws IOException {
        ReplyLimits limits = new ReplyLimits(10, 5);
        assertEquals(Reply.of(250, "abcdef"), reader("250 abcdef\r\n", limits).read());
        assertEquals(Reply.of(250, "abcdef"), reader("250 abcdef\n", limits).read());
        SmtpProtocolException e = assertThrows(SmtpProtocolException.class,
                () -> reader("250 abcdefg\r\n", limits).read());
        assertEquals(Problem.LINE_TOO_LONG, e.problem());
        assertEquals(List.of("250 abcdef"), e.linesRead());
    }

    @Test
    void endlessLine_failsWithoutReadingItAll() {
        InputStream endless = new InputStream() {
            private long n;

            @Override
            public int read() {
                n++;
                if (n > 1_000_000) {
                    throw new AssertionError("reader kept reading an over-long line");
                }
                return n <= 4 ? "250 ".charAt((int) n - 1) : 'x';
            }
        };
        SmtpProtocolException e = assertThrows(SmtpProtocolException.class,
                () -> new ReplyReader(endless, ReplyLimits.STRICT).read());
        assertEquals(Problem.LINE_TOO_LONG, e.problem());
        assertEquals(510, e.linesRead().get(0).length());
    }

    @Test
    void tooManyLines_fail() throws IOException {
        ReplyLimits limits = new ReplyLimits(100, 3);
        assertEquals(3, reader("250-a\r\n250-b\r\n250 c\r\n", limits).read().lines().size());
        SmtpProtocolException e = assertThrows(SmtpProtocolException.class,
                () -> reader("250-a\r\n250-b\r\n250-c\r\n250 d\r\n", limits).read());
        assertEquals(Problem.TOO_MANY_LINES, e.problem());
        assertEquals(3, e.linesRead().size());
    }

    @Test
    void endOfStream_beforeReply() {
        SmtpProtocolException e = assertThrows(SmtpProtocolException.class, () -> reader("").read());
        assertEquals(Problem.END_OF_STREAM, e.problem());
        assertEquals(List.of(), e.linesRead());
        assertTrue(e.getMessage().contains("before a reply"), e.getMessage());
    }

    @Test
    void endOfStream_inMiddleOfLine_andOfMultiline() {
        SmtpProtocolException e1 = assertThrows(SmtpProtocolException.class, () -> reader("250 no line end").read());
        assertEquals(Problem.END_OF_STREAM, e1.problem());
        assertEquals(List.of("250 no line end"), e1.linesRead());
        SmtpProtocolException e2 = assertThrows(SmtpProtocolException.class, () -> reader("250-a\r\n250-b\r\n").read());
        assertEquals(Problem.END_OF_STREAM, e2.problem());
        assertEquals(List.of("250-a", "250-b"), e2.linesRead());
        assertTrue(e2.getMessage().contains("middle of a reply"), e2.getMessage());
    }

    @Test
    void socketTimeout_surfacesAsIoException_onLoopback() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket peer = server.accept()) {
            peer.getOutputStream().write("250-partial\r\n".getBytes(StandardCharsets.US_ASCII));
            peer.getOutputStream().flush();
            client.setSoTimeout(200);
            ReplyReader rr = new ReplyReader(client.getInputStream(), ReplyLimits.DEFAULT);
            assertThrows(SocketTimeoutException.class, rr::read);
        }
    }

    @Test
    void limits_areChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ReplyLimits(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new ReplyLimits(100, 0));
    }
}
