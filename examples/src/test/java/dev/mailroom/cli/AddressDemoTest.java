package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AddressDemoTest {

    @TempDir
    Path work;

    @Test
    void demo_showsParsedAddresses_extensions_andRejections() throws Exception {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        new AddressDemo().run(DemoContext.create(out, work));
        out.flush();
        String s = text.toString();
        assertTrue(s.contains("  -> alice+newsletter@example.org  key: alice+newsletter@example.org"
                + "  extension: alice@example.org + \"+newsletter\""), s);
        assertTrue(s.contains("  -> \"John Doe\"@Example.ORG  key: \"john doe\"@example.org  extension: none"), s);
        assertTrue(s.contains("  -> abc@example.org"), s);
        assertTrue(s.contains("ascii: jörg@xn--bcher-kva.example"), s);
        assertTrue(s.contains("needs SMTPUTF8"), s);
        assertTrue(s.contains("  -> owner-list@lists.example.org  key: owner-list@lists.example.org  extension: none"), s);
        assertTrue(s.contains("extension: bob@example.org + \"-work+urgent\""), s);
        assertTrue(s.contains("  -> <>  (the null sender)"), s);
        assertTrue(s.contains("  rejected: U+0020 (space) is not allowed in an unquoted local part (it must be quoted)"
                + " at index 3"), s);
        assertTrue(s.contains("  rejected: unbalanced quote: quoted string is not closed at index 0"), s);
        assertTrue(s.contains("  rejected: invalid IPv4 address literal \"300.1.1.1\""), s);
    }
}
