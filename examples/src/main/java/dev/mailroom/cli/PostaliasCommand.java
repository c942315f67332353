package dev.mailroom.cli;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code mailroom postalias [-c DIR] [-q KEY|-] FILE...}: Postfix's
 * {@code postalias}, reading aliases(5) sources directly. With {@code -q} it prints the value (or, for
 * {@code -q -}, {@code key:<TAB>value} per found key read from standard input); without it, it
 * checks the sources as the build step reads them and writes no database. Exit status 0 when
 * found (or the check passed), 1 otherwise, as Postfix.
 */
@Command(name = "postalias", description = "Query or check aliases(5) files, as postalias(1) does.")
final class PostaliasCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    /** Standard input, replaceable by tests. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        return new TableCli("postalias", true, spec.commandLine().getOut(), spec.commandLine().getErr(), stdin,
                System.getenv()).run(args);
    }
}
