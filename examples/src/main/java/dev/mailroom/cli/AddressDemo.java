package dev.mailroom.cli;

import dev.mailroom.address.AddressSyntaxException;
import dev.mailroom.address.ExtensionSplit;
import dev.mailroom.address.MailAddress;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/** Demo section: {@link MailAddress} on the example addresses in {@code addresses/addresses.txt}. */
final class AddressDemo implements DemoSection {

    static final String FILE = "addresses/addresses.txt";

    @Override
    public String title() {
        return "Mail addresses (" + FILE + ", recipient_delimiter = +-)";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintWriter out = ctx.out();
        List<String> lines = Files.readAllLines(ctx.file(FILE), StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.printf("%s%n", line);
            try {
                MailAddress a = MailAddress.parse(line);
                StringBuilder sb = new StringBuilder("  -> ").append(a);
                if (!a.isNullSender()) {
                    if (!a.asciiDomain().equals(a.domain())) {
                        sb.append("  ascii: ").append(a.withAsciiDomain());
                    }
                    sb.append("  key: ").append(a.lookupKey());
                    sb.append(a.needsSmtpUtf8() ? "  needs SMTPUTF8" : "");
                    Optional<ExtensionSplit> split = a.splitExtension("+-");
                    sb.append(split.map(s -> "  extension: " + s.base() + " + \"" + s.delimitedExtension() + "\"")
                            .orElse("  extension: none"));
                } else {
                    sb.append("  (the null sender)");
                }
                out.println(sb);
            } catch (AddressSyntaxException e) {
                out.printf("  rejected: %s%n", e.getMessage());
            }
        }
    }
}
