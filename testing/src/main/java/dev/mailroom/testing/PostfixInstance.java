package dev.mailroom.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private, real Postfix instance on this machine, for tests: its own configuration, queue,
 * data and spool directories under one root, its log in a file, and no listening socket unless
 * the test's {@code master.cf} adds one (only loopback addresses are allowed there by
 * convention). Nothing is delivered off the machine unless a test configures a transport
 * that does so.
 *
 * <p>Needs the Debian {@code postfix} package and root (the Postfix master runs as root and
 * its daemons switch to the {@code postfix} user). {@link #start()} fails with a clear message
 * when either is missing.
 *
 * <p>The base {@code main.cf} sets {@code compatibility_level = 3.6},
 * {@code myhostname = mx.example.test}, {@code mydomain = example.test},
 * {@code inet_interfaces = loopback-only}, {@code master_service_disable = inet} and
 * {@code default_transport = discard:captured}; every parameter given to the builder is written
 * after those, so it overrides them.
 */
public final class PostfixInstance implements AutoCloseable {

    private static final Path POSTFIX = Path.of("/usr/sbin/postfix");

    private final Path root;
    private final Path etc;
    private final Path log;
    private boolean running;

    private PostfixInstance(Path root) {
        this.root = root;
        this.etc = root.resolve("etc");
        this.log = root.resolve("maillog");
    }

    /**
     * Starts describing an instance that lives under {@code root} (created if missing).
     *
     * @param root an empty or missing directory, e.g. a JUnit {@code @TempDir}
     * @return a builder
     */
    public static Builder builder(Path root) {
        return new Builder(Objects.requireNonNull(root, "root"));
    }

    /**
     * A TCP port on the loopback address that is free right now, for a listener added with
     * {@link Builder#masterLine(String)} (or any other loopback peer of a test).
     *
     * @return the port
     * @throws IOException when no port can be bound
     */
    public static int freeLoopbackPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The instance's configuration directory (the {@code -c} argument of Postfix's tools). */
    public Path configDirectory() {
        return etc;
    }

    /** The root directory under which everything of the instance lives. */
    public Path root() {
        return root;
    }

    /** The {@code mail_spool_directory} of the instance (mode 1777). */
    public Path spoolDirectory() {
        return root.resolve("spool");
    }

    /**
     * Submits a message through Postfix's {@code sendmail} with an explicit envelope.
     *
     * @param sender the envelope sender ({@code ""} for the null sender)
     * @param recipients the envelope recipients
     * @param message the message, RFC 5322 text with LF or CRLF line endings
     * @throws IOException when sendmail cannot be run or exits non-zero (its output is in the message)
     */
    public void sendmail(String sender, List<String> recipients, byte[] message) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/sendmail", "-C", etc.toString(), "-i", "-f", sender, "--"));
        cmd.addAll(recipients);
        run(cmd, message, Duration.ofSeconds(30));
    }

    /**
     * Waits until the instance has no message in its maildrop, incoming or active queue
     * (deferred messages may remain) and its log has stopped growing.
     *
     * @param timeout how long to wait at most
     * @throws IOException when the queues do not settle in time
     */
    public void awaitSettled(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastSize = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            long busy = countFiles("maildrop") + countFiles("incoming") + countFiles("active");
            long size = Files.exists(log) ? Files.size(log) : 0;
            if (busy == 0 && size == lastSize) {
                if (++quiet >= 3) {
                    return;
                }
            } else {
                quiet = 0;
            }
            lastSize = size;
            sleep(100);
        }
        throw new IOException("Postfix instance under " + root + " did not settle within " + timeout
                + "; last log lines:\n" + tail(20));
    }

    /**
     * The delivery records logged so far, in log order.
     *
     * @throws IOException when the log cannot be read
     */
    public List<DeliveryRecord> deliveries() throws IOException {
        List<DeliveryRecord> out = new ArrayList<>();
        for (String line : logLines()) {
            DeliveryRecord.parse(line).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The delivery records of the message with this {@code Message-ID} (without angle
     * brackets), in log order: cleanup logs each queue id with its message id, and every
     * delivery line names the queue id.
     *
     * @throws IOException when the log cannot be read
     */
    public List<DeliveryRecord> deliveriesOf(String messageId) throws IOException {
        Set<String> ids = queueIdsOf(messageId);
        List<DeliveryRecord> out = new ArrayList<>();
        for (String line : logLines()) {
            DeliveryRecord.parse(line).filter(d -> ids.contains(d.queueId())).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The queue ids cleanup logged for a Message-ID so far: the message itself and the copies
     * local(8) forwarded (they keep the Message-ID header).
     *
     * @param messageId the Message-ID without angle brackets
     * @throws IOException when the log cannot be read
     */
    public Set<String> queueIdsOf(String messageId) throws IOException {
        Set<String> ids = new HashSet<>();
        String marker = ": message-id=<" + messageId + ">";
        for (String line : logLines()) {
            int at = line.indexOf(marker);
            if (at > 0 && line.contains("/cleanup[")) {
                int start = line.lastIndexOf(' ', at - 1) + 1;
                ids.add(line.substring(start, at));
            }
        }
        return ids;
    }

    /**
     * Every line of the instance's log so far.
     *
     * @throws IOException when the log cannot be read
     */
    public List<String> logLines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /**
     * Runs one of Postfix's command-line tools against this instance's configuration, e.g.
     * {@code postconf}, {@code postmap}, {@code postqueue}; {@code -c DIR} is added after the
     * program name.
     *
     * @param program the program name under {@code /usr/sbin}
     * @param args its further arguments
     * @return what it printed on standard output
     * @throws IOException when it cannot run or exits non-zero
     */
    public String tool(String program, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/" + program, "-c", etc.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, null, Duration.ofSeconds(60));
    }

    /** Stops the instance; waits for its master to exit. Safe to call more than once. */
    @Override
    public void close() throws IOException {
        if (running) {
            running = false;
            Path pidFile = root.resolve("queue/pid/master.pid");
            String pid = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
            run(List.of(POSTFIX.toString(), "-c", etc.toString(), "stop"), null, Duration.ofSeconds(60));
            // master.pid stays behind after the master exits: wait for the process itself.
            Path proc = Path.of("/proc", pid);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!pid.isEmpty() && Files.exists(proc) && System.nanoTime() < deadline) {
                sleep(50);
            }
        }
    }

    private String tail(int n) throws IOException {
        List<String> lines = logLines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private long countFiles(String queue) throws IOException {
        Path dir = root.resolve("queue").resolve(queue);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        // Postfix moves queue files while we count: a file or directory that vanishes between
        // being listed and being looked at is simply not counted
        long[] count = {0};
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    count[0]++;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e == null || e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return count[0];
    }

    private void start() throws IOException {
        if (!Files.isExecutable(POSTFIX)) {
            throw new IOException("Postfix is not installed (" + POSTFIX + " missing): apt-get install postfix");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IOException("a private Postfix instance needs root; running as " + System.getProperty("user.name"));
        }
        run(List.of(POSTFIX.toString(), "-c", etc.toString(), "start"), null, Duration.ofSeconds(60));
        running = true;
        Path pid = root.resolve("queue/pid/master.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Postfix master did not start under " + root + ":\n" + tail(20));
            }
            sleep(50);
        }
    }

    private static String run(List<String> cmd, byte[] input, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (input != null) {
                in.write(input);
            }
        }
        byte[] out;
        try (InputStream s = p.getInputStream()) {
            out = s.readAllBytes();
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": timed out after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(0), e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": exit status " + p.exitValue() + ": " + text.strip());
        }
        return text;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    /** Describes a private Postfix instance; {@link #start()} writes it and starts it. */
    public static final class Builder {

        private final Path root;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, String> files = new LinkedHashMap<>();
        private final List<String> postmap = new ArrayList<>();
        private final List<String> postalias = new ArrayList<>();
        private final List<String> masterLines = new ArrayList<>();

        private Builder(Path root) {
            this.root = root;
        }

        /**
         * Sets a {@code main.cf} parameter; written after the base settings, so it overrides them.
         * A value may use {@code $root} for the instance's root directory.
         *
         * @return this builder
         */
        public Builder param(String name, String value) {
            params.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Writes a file into the configuration directory; {@code $root} in its content is
         * replaced by the instance's root directory.
         *
         * @param name a file name relative to the configuration directory
         * @param content the file's text
         * @return this builder
         */
        public Builder file(String name, String content) {
            files.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(content, "content"));
            return this;
        }

        /**
         * Writes a table source into the configuration directory and builds it with the real
         * {@code postmap} before start.
         *
         * @param type the table type to build, e.g. {@code hash}
         * @param name the source file name relative to the configuration directory
         * @param content the source text
         * @return this builder
         */
        public Builder postmap(String type, String name, String content) {
            file(name, content);
            postmap.add(type + ":" + name);
            return this;
        }

        /**
         * Writes an aliases(5) source and builds it with the real {@code postalias} before start.
         *
         * @return this builder
         */
        public Builder postalias(String name, String content) {
            file(name, content);
            postalias.add(name);
            return this;
        }

        /**
         * Appends a line to the instance's {@code master.cf} (which starts as Postfix's stock one).
         *
         * @return this builder
         */
        public Builder masterLine(String line) {
            masterLines.add(Objects.requireNonNull(line, "line"));
            return this;
        }

        /**
         * Writes the configuration, builds the declared tables and starts the instance.
         *
         * @return the running instance; close it to stop it
         * @throws IOException when a file cannot be written or Postfix does not start
         */
        public PostfixInstance start() throws IOException {
            PostfixInstance pf = new PostfixInstance(root.toAbsolutePath());
            Path base = pf.root;
            Path etc = pf.etc;
            Files.createDirectories(etc);
            makeTraversable(base);
            Files.createDirectories(base.resolve("queue"));
            Path data = Files.createDirectories(base.resolve("data"));
            Path spool = Files.createDirectories(base.resolve("spool"));
            Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxrwxrwx"));
            UserPrincipalLookupService users = base.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(data, users.lookupPrincipalByName("postfix"));

            Map<String, String> main = new LinkedHashMap<>();
            main.put("compatibility_level", "3.6");
            main.put("queue_directory", base.resolve("queue").toString());
            main.put("data_directory", data.toString());
            main.put("mail_spool_directory", spool.toString());
            main.put("maillog_file", pf.log.toString());
            main.put("maillog_file_prefixes", base.toString());
            main.put("syslog_name", "postfix-test");
            main.put("myhostname", "mx.example.test");
            main.put("mydomain", "example.test");
            main.put("inet_interfaces", "loopback-only");
            main.put("inet_protocols", "ipv4");
            main.put("master_service_disable", "inet");
            main.put("alias_maps", "");
            main.put("alias_database", "");
            main.put("default_transport", "discard:captured");
            main.put("relay_transport", "discard:captured");
            String rootText = base.toString();
            params.forEach((k, v) -> main.put(k, v.replace("$root", rootText)));
            StringBuilder mainText = new StringBuilder();
            main.forEach((k, v) -> mainText.append(k).append(" = ").append(v).append('\n'));
            Files.writeString(etc.resolve("main.cf"), mainText);

            Path masterProto = Stream.of(Path.of("/etc/postfix/master.cf.proto"), Path.of("/usr/share/postfix/master.cf.dist"))
                    .filter(Files::isRegularFile).findFirst()
                    .orElseThrow(() -> new IOException("no stock master.cf found in the postfix package"));
            StringBuilder master = new StringBuilder(Files.readString(masterProto));
            masterLines.forEach(l -> master.append(l).append('\n'));
            Files.writeString(etc.resolve("master.cf"), master);
            copyIfPresent(Path.of("/etc/postfix/dynamicmaps.cf"), etc.resolve("dynamicmaps.cf"));
            Path dyn = Path.of("/etc/postfix/dynamicmaps.cf.d");
            if (Files.isDirectory(dyn)) {
                Files.createDirectories(etc.resolve("dynamicmaps.cf.d"));
                try (Stream<Path> s = Files.list(dyn)) {
                    for (Path f : (Iterable<Path>) s::iterator) {
                        copyIfPresent(f, etc.resolve("dynamicmaps.cf.d").resolve(f.getFileName()));
                    }
                }
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = etc.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue().replace("$root", rootText));
            }
            for (String spec : postmap) {
                int colon = spec.indexOf(':');
                run(List.of("/usr/sbin/postmap", "-c", etc.toString(),
                        spec.substring(0, colon) + ":" + etc.resolve(spec.substring(colon + 1))), null, Duration.ofSeconds(60));
            }
            for (String name : postalias) {
                run(List.of("/usr/sbin/postalias", "-c", etc.toString(), etc.resolve(name).toString()), null, Duration.ofSeconds(60));
            }
            pf.start();
            return pf;
        }

        /**
         * The postfix user must reach the queue and data directories: directories under the
         * temporary directory (JUnit creates them mode 0700) are opened to o+x; any other
         * closed ancestor is an error rather than a silent permission change.
         */
        private static void makeTraversable(Path base) throws IOException {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            for (Path p = base.toRealPath(); p != null; p = p.getParent()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    continue;
                }
                if (!p.startsWith(tmp)) {
                    throw new IOException("the postfix user cannot traverse " + p + "; choose a root under " + tmp);
                }
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                perms.add(PosixFilePermission.OTHERS_READ);
                Files.setPosixFilePermissions(p, perms);
            }
        }

        private static void copyIfPresent(Path from, Path to) throws IOException {
            if (Files.isRegularFile(from)) {
                Files.copy(from, to);
            }
        }
    }
}
