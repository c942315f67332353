package dev.mailroom.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code mailroom} command; every capability is a subcommand. */
@Command(
        name = "mailroom",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Postfix's delivery semantics in a Java process.",
        subcommands = {
            DemoCommand.class,
            SaslCommand.class,
            PostconfCommand.class,
            PostmapCommand.class,
            PostaliasCommand.class,
            MailboxCommand.class,
            ProbeCommand.class,
            ResolveCommand.class,
        })
final class MailroomCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }
}
