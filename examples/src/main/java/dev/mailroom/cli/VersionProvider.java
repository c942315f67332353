package dev.mailroom.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = MailroomCommand.class.getPackage().getImplementationVersion();
        return new String[] {"mailroom " + (v == null ? "development" : v)};
    }
}
