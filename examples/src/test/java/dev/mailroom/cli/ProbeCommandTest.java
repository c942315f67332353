package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.ScriptedSmtpServer;
import dev.mailroom.testing.ServerAction;
import dev.mailroom.testing.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(30)
final class ProbeCommandTest {

    @TempDir
    static Path dir;
    static SSLContext mx;
    static Path ca;

    private final StringWriter out = new StringWriter();

    @BeforeAll
    static void pki() throws Exception {
        TestPki pki = TestPki.create("probe test CA");
        mx = pki.issue("mx.scripted.test", "mx.scripted.test").serverContext();
        ca = pki.writeCaPem(dir.resolve("ca.pem"));
    }

    private int run(String password, String... args) {
        ProbeCommand probe = new ProbeCommand();
        probe.password = () -> password == null ? null : password.toCharArray();
        CommandLine cl = new CommandLine(probe);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        return cl.execute(args);
    }

    @Test
    void starttlsVerify_showsCapabilitiesBeforeAndAfterTlsAndTheChain() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx)
                .capabilities("PIPELINING", "SIZE 1000", "AUTH PLAIN LOGIN")
                .on("AUTH", ServerAction.reply("235 2.7.0 Authentication successful")).start()) {
            int rc = run("secret", "--starttls", "--tls-level", "verify", "--cafile", ca.toString(), "--auth",
                    "alice", "--resolve", "mx.scripted.test:127.0.0.1", "mx.scripted.test:" + server.port());
            String o = out.toString();
            assertEquals(0, rc, o);
            assertTrue(o.contains("banner: 220 mx.scripted.test ESMTP scripted"), o);
            assertTrue(o.contains("capabilities before TLS:\n  PIPELINING\n  SIZE 1000\n  AUTH PLAIN LOGIN\n"
                    + "  STARTTLS"), o);
            assertTrue(o.contains("capabilities after TLS:"), o);
            assertTrue(o.contains("0 subject: CN=mx.scripted.test"), o);
            assertTrue(o.contains("verification: chain trusted, name matches -> verified"), o);
            assertTrue(o.contains("authentication: succeeded as alice with PLAIN"), o);
            assertTrue(o.contains("result: OK"), o);
            assertFalse(o.contains("secret"), o);
        }
    }

    @Test
    void verifyAgainstWrongName_failsAndStillShowsTheCertificate() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start()) {
            int rc = run(null, "--starttls", "--tls-level", "verify", "--cafile", ca.toString(),
                    "--resolve", "smtp.other.test:127.0.0.1", "smtp.other.test:" + server.port());
            String o = out.toString();
            assertEquals(1, rc, o);
            assertTrue(o.contains("Server certificate not verified"), o);
            assertTrue(o.contains("name does NOT match"), o);
            assertTrue(o.contains("result: FAILED"), o);
        }
    }

    @Test
    void authWithoutTls_isRefusedAndExitsOne() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().capabilities("AUTH PLAIN")
                .on("AUTH", ServerAction.reply("235 2.7.0 ok")).start()) {
            int rc = run("secret", "--tls-level", "none", "--auth", "alice", "127.0.0.1:" + server.port());
            String o = out.toString();
            assertEquals(1, rc, o);
            assertTrue(o.contains("refusing to send credentials"), o);
            assertTrue(server.sessions().get(0).commands().stream().noneMatch(c -> c.startsWith("AUTH")));
        }
    }

    @Test
    void smtps_reportsTlsWithoutStarttls() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).implicitTls().start()) {
            int rc = run(null, "--smtps", "127.0.0.1:" + server.port());
            String o = out.toString();
            assertEquals(0, rc, o);
            assertTrue(o.contains("TLS: TLS"), o);
            assertFalse(o.contains("capabilities before TLS"), o);
        }
    }

    @Test
    void lmtp_usesLhlo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().lmtp().start()) {
            int rc = run(null, "--lmtp", "--tls-level", "none", "127.0.0.1:" + server.port());
            assertEquals(0, rc, out.toString());
            assertTrue(server.sessions().get(0).commands().get(0).startsWith("LHLO "));
        }
    }

    @Test
    void connectionRefused_exitsOne() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(1, run(null, "127.0.0.1:" + port));
        assertTrue(out.toString().contains("FAILED (connect, 4.4.1)"), out.toString());
    }
}
