package dev.mailroom.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code mailroom} command. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments as given on the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns its exit status instead of exiting.
     *
     * @param args the arguments as given on the command line
     * @return the exit status
     */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new MailroomCommand());
        // UTF-8 whatever the locale, so that keys and values pass through as Postfix passes bytes
        cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        return cl.execute(args);
    }
}
