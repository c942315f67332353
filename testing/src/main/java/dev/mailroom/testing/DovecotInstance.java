package dev.mailroom.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A private, real Dovecot 2.3 daemon on this machine, for tests: its own configuration, base
 * and state directories and log under one directory, listening only where the test's
 * configuration says (loopback by default).
 *
 * <p>The base {@code dovecot.conf} sets {@code base_dir}, {@code state_dir} and
 * {@code log_path} under the directory and {@code listen = 127.0.0.1}; the lines given to the
 * builder follow, so they can set anything else ({@code protocols}, {@code passdb}, services and
 * their listeners). {@link Builder#start()} waits until every socket named with
 * {@link Builder#awaitSocket(String)} exists under the base directory.
 *
 * {@snippet :
 * try (DovecotInstance dovecot = DovecotInstance.builder(tempDir)
 *         .config("protocols = none", "ssl = no", "auth_mechanisms = plain",
 *                 "passdb {", "  driver = passwd-file", "  args = scheme=PLAIN " + users, "}",
 *                 "userdb {", "  driver = static", "  args = uid=nobody gid=nogroup", "}")
 *         .awaitSocket("auth-client")
 *         .start()) {
 *     Path socket = dovecot.socket("auth-client");
 * }
 * }
 *
 * <p>Needs the Debian {@code dovecot-core} package and root (the Dovecot master runs as root
 * and its services switch users). The directory is made readable and searchable by everyone;
 * its parents must be searchable by Dovecot's unprivileged users (a JUnit {@code @TempDir}
 * is not: give it mode 755 first), and so must every file the configuration names. {@link Builder#start()} fails with a clear message when the
 * binary is missing.
 */
public final class DovecotInstance implements AutoCloseable {

    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    private final Path dir;
    private final Path conf;
    private final Process process;

    private DovecotInstance(Path dir, Path conf, Process process) {
        this.dir = dir;
        this.conf = conf;
        this.process = process;
    }

    /**
     * Starts describing an instance that lives under {@code dir} (created if missing).
     *
     * @param dir an empty or missing directory, e.g. a JUnit {@code @TempDir}
     * @return a builder
     */
    public static Builder builder(Path dir) {
        return new Builder(Objects.requireNonNull(dir, "dir"));
    }

    /** @return the {@code dovecot.conf} the instance runs with (for {@code doveadm -c}) */
    public Path configFile() {
        return conf;
    }

    /** @return the instance's {@code base_dir}, where its Unix sockets are */
    public Path baseDirectory() {
        return dir.resolve("run");
    }

    /**
     * A Unix-domain socket of the instance.
     *
     * @param name the listener name, e.g. {@code auth-client} or {@code lmtp}
     * @return its path under the base directory
     */
    public Path socket(String name) {
        return baseDirectory().resolve(name);
    }

    /**
     * @return the instance's log so far
     * @throws IOException when it cannot be read
     */
    public String log() throws IOException {
        Path log = dir.resolve("dovecot.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** @return whether the Dovecot master process is still running */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the instance and waits for its master to exit. Safe to call more than once. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Describes and starts a {@link DovecotInstance}. */
    public static final class Builder {
        private final Path dir;
        private final List<String> lines = new ArrayList<>();
        private final List<String> sockets = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(20);

        private Builder(Path dir) {
            this.dir = dir;
        }

        /**
         * Appends lines to {@code dovecot.conf}, after the base settings.
         *
         * @param configLines configuration lines, blocks included
         * @return this builder
         */
        public Builder config(String... configLines) {
            for (String l : configLines) {
                lines.add(Objects.requireNonNull(l, "line"));
            }
            return this;
        }

        /**
         * A Unix socket under the base directory that must exist before {@link #start()}
         * returns, e.g. {@code auth-client}, {@code lmtp}.
         *
         * @param name the listener name
         * @return this builder
         */
        public Builder awaitSocket(String name) {
            sockets.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * How long {@link #start()} waits for the sockets (default 20 seconds).
         *
         * @param startupTimeout the time
         * @return this builder
         */
        public Builder startupTimeout(Duration startupTimeout) {
            this.timeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        /**
         * Writes the configuration and starts Dovecot in the foreground of a child process.
         *
         * @return the running instance
         * @throws IOException when Dovecot is missing, exits, or its sockets do not appear in
         *     time (the message carries its output)
         */
        public DovecotInstance start() throws IOException {
            if (!Files.isExecutable(DOVECOT)) {
                throw new IOException("Dovecot is not installed (" + DOVECOT
                        + " missing): apt-get install dovecot-core");
            }
            Files.createDirectories(dir.resolve("run"));
            Files.createDirectories(dir.resolve("state"));
            // Dovecot's unprivileged services must reach their sockets under the directory
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path conf = dir.resolve("dovecot.conf");
            List<String> all = new ArrayList<>(List.of(
                    "base_dir = " + dir.resolve("run"),
                    "state_dir = " + dir.resolve("state"),
                    "log_path = " + dir.resolve("dovecot.log"),
                    "listen = 127.0.0.1"));
            all.addAll(lines);
            all.add("");
            Files.writeString(conf, String.join("\n", all), StandardCharsets.UTF_8);
            Path out = dir.resolve("dovecot.out");
            Process p = new ProcessBuilder(DOVECOT.toString(), "-F", "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            DovecotInstance d = new DovecotInstance(dir, conf, p);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!sockets.stream().allMatch(s -> Files.exists(d.socket(s)))) {
                if (!p.isAlive()) {
                    throw new IOException("dovecot exited with status " + p.exitValue() + ": "
                            + Files.readString(out, StandardCharsets.UTF_8) + d.log());
                }
                if (System.nanoTime() > deadline) {
                    d.close();
                    throw new IOException("dovecot sockets " + sockets + " did not appear within " + timeout
                            + ": " + Files.readString(out, StandardCharsets.UTF_8) + d.log());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    d.close();
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for dovecot", e);
                }
            }
            return d;
        }
    }
}
