package dev.mailroom.cli;

import dev.mailroom.config.LintReport;
import dev.mailroom.config.MainConfig;
import dev.mailroom.config.MasterConfig;
import dev.mailroom.config.MasterService;
import dev.mailroom.config.PostfixDefaults;
import dev.mailroom.config.TlsSecurityLevel;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The configuration part of the demo: the smarthost example set read and expanded as
 * Postfix would, including the smtps service's view of its {@code -o} override.
 */
final class PostconfDemo implements DemoSection {

    @Override
    public String title() {
        return "Postfix configuration (main.cf + master.cf of a smarthost client)";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintWriter out = ctx.out();
        Path dir = ctx.file("postfix/smarthost");
        MainConfig main = MainConfig.load(dir, PostfixDefaults.postfix37());
        MasterConfig master = MasterConfig.load(dir);
        out.printf("read %s (%d settings) and %s (%d services)%n", main.file(), main.entries().size(),
                master.file(), master.services().size());
        for (String name : new String[] {"relayhost", "myorigin", "mydestination", "smtp_sasl_password_maps",
            "smtp_sasl_mechanism_filter", "smtp_tls_fingerprint_digest", "maximal_queue_lifetime"}) {
            String raw = main.rawOrDefault(name).orElse("");
            String expanded = main.get(name);
            String origin = main.raw(name).isPresent() ? "main.cf line " + main.line(name).getAsInt() : "3.7 default";
            out.printf("  %-28s = %-40s -> %s   (%s)%n", name, raw, expanded, origin);
        }
        out.printf("  smtp_sasl_mechanism_filter as a list: %s%n", main.getList("smtp_sasl_mechanism_filter"));
        out.printf("  maximal_queue_lifetime as a time: %s%n", main.getTime("maximal_queue_lifetime"));
        out.printf("  smtp_tls_security_level = \"%s\"; in effect (from smtp_use_tls = %s): %s%n",
                main.get("smtp_tls_security_level"), main.get("smtp_use_tls"), TlsSecurityLevel.effective(main, "smtp"));
        MasterService smtps = master.service("smtps", "unix").orElseThrow();
        MainConfig smtpsView = main.forService(smtps);
        out.printf("  service %s (line %d): smtp_tls_wrappermode = %s (main.cf alone: %s)%n", smtps.id(), smtps.line(),
                smtpsView.getBoolean("smtp_tls_wrappermode") ? "yes" : "no",
                main.getBoolean("smtp_tls_wrappermode") ? "yes" : "no");
        MasterService relay = master.service("relay", "unix").orElseThrow();
        out.printf("  service %s: syslog_name = %s%n", relay.id(), main.forService(relay).get("syslog_name"));
        LintReport lint = main.lint(master);
        out.printf("  lint: %s%n", lint.isClean() ? "nothing to report" : String.join("; ", lint.messages()));
        out.printf("  (compare: java -jar examples/target/mailroom.jar postconf -c %s -n)%n", dir);
    }
}
