package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class ResolveDemoTest {

    @Test
    void demo_resolvesTheSeedAddresses(@TempDir Path work) throws Exception {
        StringWriter buf = new StringWriter();
        PrintWriter out = new PrintWriter(buf);
        new ResolveDemo().run(DemoContext.create(out, work));
        out.flush();
        String text = buf.toString();
        assertTrue(text.contains("postmaster@dominio.com\tmailbox:usuario\n"), text);
        assertTrue(text.contains("el.holandes.errante@dominio.com\tmailbox:pepe\n"), text);
        assertTrue(text.contains("p.e.p.e@mail1.org\tmailbox:pepe\n"), text);
        assertTrue(text.contains("    virtual_alias_maps regexp:desechables.regexp: p.e.pe@mail1.org -> p.epe@mail1.org\n"),
                text);
        assertTrue(text.contains("bartolo@gmail.com\trelay:smtp:[smtp.gmail.com]:587:bartolo@yahoo.es\n"), text);
        assertTrue(text.contains("nadie@dominio.com\tbounce:5.1.1\n"), text);
    }
}
