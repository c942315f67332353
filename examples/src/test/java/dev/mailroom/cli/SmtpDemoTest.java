package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class SmtpDemoTest {

    @Test
    void demo_deliversThroughSmtps_bouncesUtf8_refusesCredentialsInClear(@TempDir Path work) throws Exception {
        StringWriter buf = new StringWriter();
        PrintWriter out = new PrintWriter(buf);
        new SmtpDemo().run(DemoContext.create(out, work));
        out.flush();
        String text = buf.toString();
        assertTrue(text.matches("(?s).*bob@example\\.net +2\\.0\\.0 delivered.*"), text);
        assertTrue(text.matches("(?s).*carol@example\\.net +2\\.0\\.0 delivered.*"), text);
        assertTrue(text.contains("authenticated with PLAIN"), text);
        assertTrue(text.contains("5.6.7 bounced: SMTPUTF8 is required, but was not offered"), text);
        assertTrue(text.contains("4.7.0 deferred: refusing to send credentials"), text);
        assertTrue(text.contains("messages at the smarthost now: 2 (nothing was sent in clear)"), text);
        assertFalse(text.contains("demo-password"), text);
    }
}
