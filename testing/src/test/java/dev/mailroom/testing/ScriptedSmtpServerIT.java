package dev.mailroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real SMTP clients (swaks) against the scripted server: it must look like a real server to them. */
final class ScriptedSmtpServerIT {

    private static String swaks(List<String> args) throws IOException, InterruptedException {
        Path swaks = Path.of("/usr/bin/swaks");
        if (!Files.isExecutable(swaks)) {
            throw new IOException("swaks is not installed: apt-get install swaks libnet-ssleay-perl");
        }
        List<String> cmd = new ArrayList<>(List.of(swaks.toString(), "--silent", "1", "--timeout", "20"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "swaks timed out");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void swaks_deliversOverStartTls_withPipelining() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .tls(pki.issue("mx.scripted.test", "mx.scripted.test").serverContext())
                .start()) {
            swaks(List.of("--server", "127.0.0.1", "--port", String.valueOf(server.port()), "--tls", "--pipeline",
                    "--from", "a@x.test", "--to", "b@y.test,c@y.test", "--header", "Subject: interop",
                    "--body", "line one\n.leading dot\n"));
            ReceivedMessage m = server.messages().get(0);
            assertEquals("<a@x.test>", m.mailFrom());
            assertEquals(List.of("<b@y.test>", "<c@y.test>"), m.recipients());
            assertTrue(m.text().contains("\r\n.leading dot\r\n"), m.text());
            assertNotNull(server.sessions().get(0).tlsProtocol());
        }
    }

    @Test
    void swaks_deliversOverImplicitTls() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .tls(pki.issue("mx.scripted.test", "mx.scripted.test").serverContext())
                .implicitTls()
                .start()) {
            swaks(List.of("--server", "127.0.0.1", "--port", String.valueOf(server.port()), "--tlsc",
                    "--from", "a@x.test", "--to", "b@y.test"));
            assertEquals(1, server.messages().size());
            assertNotNull(server.sessions().get(0).tlsProtocol());
        }
    }

    @Test
    void swaks_speaksLmtp() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().lmtp().start()) {
            swaks(List.of("--server", "127.0.0.1", "--port", String.valueOf(server.port()), "--protocol", "LMTP",
                    "--from", "a@x.test", "--to", "b@y.test"));
            assertEquals(List.of("<b@y.test>"), server.messages().get(0).recipients());
        }
    }
}
