package dev.mailroom.cli;

import dev.mailroom.table.LookupTable;
import dev.mailroom.table.LookupTables;
import dev.mailroom.table.SourceFormat;
import dev.mailroom.table.TableOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code mailroom demo}: Postfix lookup tables read from their sources, with a few lookups each. */
final class TablesDemo implements DemoSection {

    @Override
    public String title() {
        return "Lookup tables (hash, regexp, pcre, cidr, aliases, inline, pipemap)";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintWriter out = ctx.out();
        List<String> warnings = new ArrayList<>();
        TableOptions options = TableOptions.builder().warnings(w -> warnings.add(w.message())).build();
        show(out, LookupTables.open("hash:" + ctx.file("tables/virtual"), options),
                "TOTO@Dominio.com", "el.holandes.errante", "@mail1.org", "nadie@dominio.com");
        LookupTable sasl = LookupTables.open("hash:" + ctx.file("tables/sasl_passwd"), options);
        out.printf("hash:tables/sasl_passwd%n");
        for (String key : List.of("[smtp.gmail.com]:587", "[smtp.gmail.com]:25")) {
            String v = sasl.get(key);
            // the demo shows only the user name: passwords never reach an output
            out.printf("  %-28s -> %s%n", key, v == null ? "(not found)" : v.substring(0, v.indexOf(':')) + ":********");
        }
        show(out, LookupTables.open("hash:" + ctx.file("tables/sender_relay"), options),
                "@dominio.com", "usuario@mail1.org");
        LookupTable dots = LookupTables.open("regexp:" + ctx.file("tables/desechables.regexp"), options);
        show(out, dots, "p.e.pe@mail1.org", "pepe@mail1.org");
        // Postfix applies a virtual regexp map again to its result; a pipemap shows two passes
        show(out, LookupTables.open("pipemap:{regexp:" + ctx.file("tables/desechables.regexp") + ", regexp:"
                + ctx.file("tables/desechables.regexp") + "}", options), "p.e.pe@mail1.org");
        show(out, LookupTables.open("pcre:" + ctx.file("tables/header_checks.pcre"), options),
                "Subject: win the LOTTERY now", "X-Mailer: mutt/2.2", "Subject: hello");
        show(out, LookupTables.open("cidr:" + ctx.file("tables/clients.cidr"), options),
                "192.168.255.7", "192.168.255.200", "2001:DB8::25", "10.0.0.1");
        show(out, LookupTables.open("hash:" + ctx.file("tables/aliases"),
                options.toBuilder().sourceFormat(SourceFormat.ALIASES).build()), "POSTMASTER", "root", "lista", "@");
        show(out, LookupTables.open("inline:{ {smtp.gmail.com = tls-required}, example.net=may }", options),
                "SMTP.GMAIL.COM", "example.net");
        out.printf("  load warnings: %s%n", warnings.isEmpty() ? "none" : warnings);
    }

    private static void show(PrintWriter out, LookupTable table, String... keys) throws Exception {
        out.printf("%s%n", table.spec().replaceAll("/[^ ,{}]*/(tables/)", "$1"));
        for (String key : keys) {
            String v = table.get(key);
            out.printf("  %-28s -> %s%n", key, v == null ? "(not found)" : v);
        }
    }
}
