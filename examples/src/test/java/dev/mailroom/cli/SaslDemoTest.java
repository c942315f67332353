package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SaslDemoTest {

    @Test
    void demo_showsChoiceAndExchanges_withoutThePassword(@TempDir Path work) throws Exception {
        StringWriter buf = new StringWriter();
        PrintWriter out = new PrintWriter(buf);
        new SaslDemo().run(DemoContext.create(out, work));
        out.flush();
        String text = buf.toString();
        assertTrue(text.contains("  TLS          -> PLAIN"), text);
        assertTrue(text.contains("  NONE         -> (none)"), text);
        assertTrue(text.contains("LOGIN removed by noplaintext (smtp_sasl_tls_security_options = noplaintext, noanonymous)"), text);
        assertTrue(text.contains("password matches"), text);
        assertTrue(text.contains("server authenticated pepe@gmail.com"), text);
        assertTrue(text.contains("refused: SCRAM-SHA-256: server signature does not match"), text);
        assertTrue(text.contains("PasswordCredentials[user=pepe@gmail.com, password=cleared]"), text);
        assertFalse(text.contains("soypepe"), text);
    }
}
