package dev.mailroom.cli;

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
        return new CommandLine(new MailroomCommand()).execute(args);
    }
}
