package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** LMTP over a Unix-domain socket, against a minimal LMTP peer written here (no real peer in unit tests). */
@Timeout(30)
final class UnixLmtpTest {

    @TempDir
    Path dir;

    @Test
    void lmtpOverUnixSocket_perRecipientReplies() throws Exception {
        Path socket = dir.resolve("lmtp");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socket));
            Thread t = new Thread(() -> serve(listener, seen));
            t.setDaemon(true);
            t.start();
            try (SmtpClient c = SmtpClient.create(SmtpOptions.lmtp().heloName("client.example.org")
                    .timeouts(SmtpTimeouts.all(Duration.ofSeconds(5))).build(), Dns.table().build())) {
                DeliveryReport r = c.deliver("unix:" + socket, Envelope.of("a@example.org", "one@example.net",
                        "full@example.net"), MessageContent.of(Peers.MESSAGE));
                assertEquals(List.of("delivered 2.0.0", "deferred 4.2.2"), Peers.outcomes(r.results()));
            }
            t.join(5000);
        }
        assertEquals("LHLO client.example.org", seen.get(0));
    }

    private static void serve(ServerSocketChannel listener, List<String> seen) {
        try (SocketChannel ch = listener.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.US_ASCII));
            OutputStream out = Channels.newOutputStream(ch);
            write(out, "220 lmtp.test LMTP ready");
            List<String> rcpts = new CopyOnWriteArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                seen.add(line);
                String verb = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                    case "LHLO" -> write(out, "250-lmtp.test\r\n250 ENHANCEDSTATUSCODES");
                    case "MAIL" -> write(out, "250 2.1.0 Ok");
                    case "RCPT" -> {
                        rcpts.add(line);
                        write(out, "250 2.1.5 Ok");
                    }
                    case "DATA" -> {
                        write(out, "354 go ahead");
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) {
                            seen.add("data: " + d);
                        }
                        for (String r : rcpts) {
                            write(out, r.contains("full@") ? "452 4.2.2 mailbox full" : "250 2.0.0 saved");
                        }
                    }
                    case "QUIT" -> {
                        write(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> write(out, "250 2.0.0 Ok");
                }
            }
        } catch (java.io.IOException e) {
            seen.add("error: " + e);
        }
    }

    private static void write(OutputStream out, String reply) throws java.io.IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
