package dev.mailroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private Postfix with smtpd listening on loopback, STARTTLS on one port and SMTPS on
 * another, with certificates from {@link TestPki}: the setup the SMTP engine's interop tests use.
 */
final class PostfixSmtpdIT {

    @TempDir
    Path dir;


    private static String swaks(PostfixInstance pf, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/swaks", "--timeout", "20"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> out + "\nPostfix log:\n" + logOf(pf));
        return out;
    }

    private static String logOf(PostfixInstance pf) {
        try {
            return String.join("\n", pf.logLines());
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void smtpd_onLoopback_offersStartTls_andSmtps_withTestCertificates() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        pki.issue("mx.example.test", "mx.example.test", "127.0.0.1")
                .writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        int smtp = PostfixInstance.freeLoopbackPort();
        int smtps = PostfixInstance.freeLoopbackPort();
        try (PostfixInstance pf = PostfixInstance.builder(dir.resolve("pf"))
                .param("master_service_disable", "")
                .param("mydestination", "$myhostname, localhost, example.test")
                .param("smtpd_tls_cert_file", dir.resolve("cert.pem").toString())
                .param("smtpd_tls_key_file", dir.resolve("key.pem").toString())
                .param("smtpd_tls_security_level", "may")
                .param("smtpd_tls_loglevel", "1")
                .masterLine("127.0.0.1:" + smtp + " inet n - n - - smtpd")
                .masterLine("127.0.0.1:" + smtps + " inet n - n - - smtpd -o smtpd_tls_wrappermode=yes")
                .start()) {
            String out = swaks(pf, "--server", "127.0.0.1", "--port", String.valueOf(smtp), "--tls",
                    "--from", "a@far.test", "--to", "root@example.test");
            assertTrue(out.contains("STARTTLS"), out);
            swaks(pf, "--server", "127.0.0.1", "--port", String.valueOf(smtps), "--tlsc",
                    "--from", "a@far.test", "--to", "root@example.test");
            pf.awaitSettled(Duration.ofSeconds(60));
            long delivered = pf.deliveries().stream()
                    .filter(d -> d.recipient().equals("root@example.test") && d.status().equals("sent"))
                    .count();
            assertEquals(2, delivered, String.join("\n", pf.logLines()));
            assertTrue(pf.logLines().stream().anyMatch(l -> l.contains("TLS connection established")),
                    String.join("\n", pf.logLines()));
        }
    }
}
