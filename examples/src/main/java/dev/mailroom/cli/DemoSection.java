package dev.mailroom.cli;

/**
 * One part of {@code mailroom demo}: shows one capability at work on the embedded defaults.
 * Each section prints only what the library really computed.
 */
interface DemoSection {

    /** A short title printed above the section's output. */
    String title();

    /**
     * Runs the section.
     *
     * @param ctx where to print and where the demo's files are
     * @throws Exception when the capability fails; the demo reports it and exits non-zero
     */
    void run(DemoContext ctx) throws Exception;
}
