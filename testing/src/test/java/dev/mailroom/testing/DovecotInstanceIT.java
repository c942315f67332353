package dev.mailroom.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A private Dovecot starts, answers on its socket, and stops; a socket that never comes is an error. */
@Timeout(60)
final class DovecotInstanceIT {

    @TempDir
    Path dir;

    @Test
    void authSocketAnswersWithItsHandshake_andCloseStopsTheDaemon() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path users = Files.writeString(dir.resolve("users"), "alice:{PLAIN}secret\n");
        DovecotInstance d = DovecotInstance.builder(dir.resolve("dovecot"))
                .config("protocols = none", "ssl = no", "auth_mechanisms = plain",
                        "passdb {", "  driver = passwd-file", "  args = scheme=PLAIN " + users, "}",
                        "userdb {", "  driver = static", "  args = uid=nobody gid=nogroup", "}",
                        "service auth {", "  unix_listener auth-client {", "    mode = 0666", "  }", "}")
                .awaitSocket("auth-client")
                .start();
        try (d) {
            assertTrue(Files.readString(d.configFile()).contains("listen = 127.0.0.1"));
            String greeting = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!greeting.contains("MECH\tPLAIN") && System.nanoTime() < deadline) {
                greeting = handshake(d.socket("auth-client"));
            }
            assertTrue(greeting.startsWith("VERSION\t1\t"), greeting);
            assertTrue(greeting.contains("MECH\tPLAIN"), greeting);
            assertTrue(d.isRunning());
        }
        assertFalse(d.isRunning());
    }

    private static String handshake(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap("VERSION\t1\t2\nCPID\t4242\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(4096);
            StringBuilder sb = new StringBuilder();
            while (!sb.toString().contains("\nDONE\n") && ch.read(buf) > 0) {
                buf.flip();
                sb.append(StandardCharsets.US_ASCII.decode(buf));
                buf.clear();
            }
            return sb.toString();
        } catch (IOException notYet) {
            return "";
        }
    }

    @Test
    void socketThatNeverAppears_failsNamingIt() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        DovecotInstance.Builder b = DovecotInstance.builder(dir.resolve("dovecot"))
                .config("protocols = none", "ssl = no")
                .awaitSocket("no-such-listener")
                .startupTimeout(Duration.ofSeconds(2));
        IOException e = assertThrows(IOException.class, b::start);
        assertTrue(e.getMessage().contains("no-such-listener"), e.getMessage());
    }
}
