package dev.mailroom.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailroom demo}: shows every capability that exists so far, on the example files
 * shipped in the jar, with output under {@code target/demo}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show what mailroom can do, on embedded example files (output under target/demo).")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--work", description = "Work directory (default: ${DEFAULT-VALUE}).", defaultValue = "target/demo")
    Path work;

    /** The sections, in the order they run; each capability adds its own. */
    static List<DemoSection> sections() {
        return List.of(
                new PostconfDemo(),
                new AddressDemo(),
                new TablesDemo(),
                new ResolveDemo(),
                new SaslDemo(),
                new SmtpDemo(),
                new MailboxDemo());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoContext ctx = DemoContext.create(out, work.toAbsolutePath());
        out.printf("mailroom demo — example files copied to %s%n", ctx.work());
        int failed = 0;
        for (DemoSection section : sections()) {
            out.printf("%n== %s ==%n", section.title());
            try {
                section.run(ctx);
            } catch (Exception e) {
                failed++;
                out.printf("FAILED: %s%n", e);
            }
            out.flush();
        }
        out.printf("%n%d section(s) run, %d failed.%n", sections().size(), failed);
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
