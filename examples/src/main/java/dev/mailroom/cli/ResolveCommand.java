package dev.mailroom.cli;

import dev.mailroom.config.ConfigException;
import dev.mailroom.config.MainConfig;
import dev.mailroom.resolve.Resolution;
import dev.mailroom.resolve.Resolved;
import dev.mailroom.resolve.Resolver;
import dev.mailroom.resolve.Step;
import dev.mailroom.resolve.UserDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailroom resolve -c DIR [-f SENDER] [--explain] [--users FILE] ADDRESS...}: where
 * Postfix would deliver mail for each address. One line per final destination,
 * {@code INPUT<TAB>DESTINATION}; exit 0 when all resolved, 1 when any bounced or deferred, 2 on
 * a configuration error.
 */
@Command(name = "resolve", sortOptions = false,
        description = "Show where Postfix would deliver mail for each address (canonical, virtual, aliases, "
                + ".forward, transport), computed by mailroom.")
final class ResolveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "-c", paramLabel = "CONFIG_DIR", required = true, description = "Directory holding main.cf.")
    Path configDir;

    @Option(names = "-f", paramLabel = "SENDER", description = "Envelope sender (default: the null sender).")
    String sender = "";

    @Option(names = "--explain", description = "Show the tables, keys and results below each line.")
    boolean explain;

    @Option(names = "--users", paramLabel = "FILE",
            description = "Local users from a passwd(5) format file instead of the system database.")
    Path usersFile;

    @Parameters(paramLabel = "ADDRESS", arity = "1..*", description = "Recipient addresses.")
    List<String> addresses = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Resolver resolver;
        try {
            UserDatabase users = usersFile != null ? UserDatabase.passwdFile(usersFile) : UserDatabase.system();
            resolver = Resolver.builder(MainConfig.load(configDir)).users(users).build();
        } catch (IOException | UncheckedIOException | ConfigException e) {
            err.println("mailroom resolve: fatal: " + e.getMessage());
            err.flush();
            return 2;
        }
        int status = 0;
        for (String address : addresses) {
            Resolution r;
            try {
                r = resolver.resolve(sender, address);
            } catch (ConfigException e) {
                err.println("mailroom resolve: fatal: " + e.getMessage());
                err.flush();
                return 2;
            }
            for (String w : r.warnings()) {
                err.println("mailroom resolve: warning: " + w);
            }
            for (Resolved d : r.destinations()) {
                out.println(address + "\t" + d.destination().format());
                if (explain) {
                    for (Step s : d.explanation()) {
                        out.println("    " + s);
                    }
                }
            }
            if (!r.delivered()) {
                status = 1;
            }
        }
        out.flush();
        err.flush();
        return status;
    }
}
