package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 2920 on the wire: with PIPELINING offered, MAIL, every RCPT and DATA arrive before the
 * server has answered any of them. The peer here reads everything the client sent before its
 * first reply and answers the group afterwards.
 */
@Timeout(30)
final class PipeliningWireTest {

    @Test
    void pipelining_mailRcptsAndDataArriveBeforeAnyReply() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> group = CompletableFuture.supplyAsync(() -> serve(listener));
            Endpoint ep = new Endpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                    "mx.example.test", "example.test");
            try (SmtpSession s = SmtpSession.open(ep, Peers.fast().build())) {
                List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net", "c@example.net"),
                        MessageContent.of(Peers.MESSAGE));
                assertEquals(List.of("delivered 2.0.0", "bounced 5.1.1"), Peers.outcomes(r));
            }
            assertEquals("MAIL FROM:<a@example.org> SIZE=" + Peers.MESSAGE.length + "\r\nRCPT TO:<b@example.net>\r\n"
                    + "RCPT TO:<c@example.net>\r\nDATA\r\n", group.get(20, TimeUnit.SECONDS));
        }
    }

    private static String serve(ServerSocket listener) {
        try (Socket sock = listener.accept()) {
            InputStream in = sock.getInputStream();
            OutputStream out = sock.getOutputStream();
            write(out, "220 mx.example.test ESMTP");
            readUntil(in, "\r\n");
            write(out, "250-mx.example.test\r\n250-PIPELINING\r\n250 SIZE 100000");
            String group = readUntil(in, "DATA\r\n");
            write(out, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 no such user\r\n354 go ahead");
            readUntil(in, "\r\n.\r\n");
            write(out, "250 2.0.0 Ok: queued as ABC123");
            readUntil(in, "\r\n");
            write(out, "221 2.0.0 Bye");
            return group;
        } catch (IOException e) {
            return "error: " + e;
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + b);
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.US_ASCII);
        assertTrue(s.length() < 1_000_000);
        return s;
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
