package dev.mailroom.bench;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.Envelope;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MaildirMessage;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.testing.PostfixInstance;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.james.mime4j.mboxiterator.CharBufferWrapper;
import org.apache.james.mime4j.mboxiterator.MboxIterator;

/**
 * Compares mailroom's mbox scan with {@code grep -c '^From '}, Python's {@code mailbox} and
 * Apache James mime4j's mbox iterator on one generated file, and Maildir listing with headers
 * against Python's {@code mailbox.Maildir}; then times Maildir delivery with fsync.
 *
 * <pre>
 * java -Xmx64m -cp benchmarks/target/benchmarks.jar dev.mailroom.bench.MailboxHarness \
 *      [--mbox-mib 1024] [--maildir-messages 100000] [--maildir-names dovecot|postfix]
 *      [--deliveries 2000] [--dir target/bench]
 * </pre>
 * {@code --maildir-names} chooses how the listed Maildir's files are named: as Dovecot names
 * them, with {@code ,S=} (the default), or as Postfix's {@code local}/{@code virtual} do,
 * without it, so that the listing has to {@code lstat} each file (decision 76).
 * Sizes are parameters so that a quick run ({@code --mbox-mib 64 --maildir-messages 5000})
 * takes seconds. Output is one line per contender, as Markdown table rows.
 */
public final class MailboxHarness {

    private MailboxHarness() {
    }

    /**
     * Runs the comparisons.
     *
     * @param args options, see the class comment
     * @throws Exception when a contender fails
     */
    public static void main(String[] args) throws Exception {
        long mib = 1024;
        int maildirMessages = 100_000;
        int deliveries = 2000;
        boolean postfixNames = false;
        Path dir = Path.of("target/bench");
        int rounds = 2;
        String only = "grep,mailroom,mapped,mime4j,python";
        if (args.length == 2 && args[0].equals("--scan-only")) {
            System.out.println(mailroom(Path.of(args[1])));
            return;
        }
        for (int k = 0; k < args.length; k += 2) {
            switch (args[k]) {
                case "--mbox-mib" -> mib = Long.parseLong(args[k + 1]);
                case "--maildir-messages" -> maildirMessages = Integer.parseInt(args[k + 1]);
                case "--maildir-names" -> postfixNames = switch (args[k + 1]) {
                    case "dovecot" -> false;
                    case "postfix" -> true;
                    default -> throw new IllegalArgumentException("--maildir-names is dovecot or postfix");
                };
                case "--deliveries" -> deliveries = Integer.parseInt(args[k + 1]);
                case "--dir" -> dir = Path.of(args[k + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[k + 1]);
                case "--only" -> only = args[k + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[k]);
            }
        }
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, max heap %d MiB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20);
        if (mib > 0) {
            mbox(dir.resolve("bench.mbox"), mib, rounds, List.of(only.split(",")));
        }
        if (maildirMessages > 0) {
            maildir(dir.resolve(postfixNames ? "BenchMaildirPostfix" : "BenchMaildir"), maildirMessages, postfixNames);
        }
        if (deliveries > 0) {
            deliver(dir.resolve("DeliverMaildir"), deliveries);
        }
    }

    // ------------------------------------------------------------------ mbox scan

    static void mbox(Path file, long mib, int rounds, List<String> only) throws Exception {
        long target = mib << 20;
        long count = Files.exists(file) && Files.size(file) >= target ? -1 : generate(file, target);
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "%nmbox scan: %s, %.0f MiB%s%n", file, size / 1048576.0,
                count < 0 ? " (reused)" : ", " + count + " messages generated");
        cat(file); // warm the page cache
        List<String> ratios = new ArrayList<>();
        System.out.println("| contender | messages | seconds | MiB/s |");
        System.out.println("|---|---|---|---|");
        for (int round = 0; round < rounds; round++) {
            String tag = " (round " + (round + 1) + ")";
            double grep = Double.NaN;
            double mailroom = Double.NaN;
            double mime4j = Double.NaN;
            double python = Double.NaN;
            if (only.contains("grep")) grep = row("grep -c '^From '" + tag, size, () -> Long.parseLong(run(List.of("grep", "-c", "^From ", file.toString())).strip()));
            if (only.contains("mailroom")) mailroom = row("mailroom MboxReader (count, sender, offsets)" + tag, size, () -> mailroom(file));
            if (only.contains("mapped")) row("mapped scan (count only, for the buffer choice)" + tag, size, () -> mapped(file));
            if (size < Integer.MAX_VALUE && only.contains("mime4j")) {
                mime4j = row("mime4j MboxIterator 0.8.11" + tag, size, () -> mime4j(file));
            }
            if (only.contains("python")) python = row("python3 mailbox.mbox (keys, From line)" + tag, size, () -> Long.parseLong(run(List.of("python3", "-c",
                    "import mailbox,sys\nmb=mailbox.mbox(sys.argv[1],create=False)\nn=0\n"
                    + "for k in mb.iterkeys():\n    mb.get_file(k, True).readline(); n+=1\nprint(n)", file.toString())).strip()));
            ratios.add(String.format(Locale.ROOT, "round %d: mailroom's throughput is %s grep's (goal >= 0.5), %s mime4j's"
                    + " (goal >= 3), %s Python's", round + 1, ratio(grep, mailroom), ratio(mime4j, mailroom),
                    ratio(python, mailroom)));
        }
        ratios.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "peak heap of this JVM (all contenders, sum of pool peaks): %d MiB%n", peakHeapMiB());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        for (String heap : new String[] {"-Xmx16m", "-Xmx8m"}) {
            long start = System.nanoTime();
            String out = run(List.of(java, heap, "-cp", cp, MailboxHarness.class.getName(), "--scan-only", file.toString()));
            System.out.printf(Locale.ROOT, "mailroom scan alone in a JVM with %s: %s messages, %.2f s%n", heap, out.strip(),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    interface Task {
        long run() throws Exception;
    }

    /** Runs and prints one contender; returns its seconds. */
    private static double row(String name, long bytes, Task t) throws Exception {
        long start = System.nanoTime();
        long n = t.run();
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.0f |%n", name, n, s, bytes / s / 1048576.0);
        return s;
    }

    /** How many times the other's time mailroom's throughput is ({@code other / mine}), or "-" when one is missing. */
    private static String ratio(double otherSeconds, double mailroomSeconds) {
        return Double.isNaN(otherSeconds) || Double.isNaN(mailroomSeconds) ? "-"
                : String.format(Locale.ROOT, "%.2fx", otherSeconds / mailroomSeconds);
    }

    static long mailroom(Path file) throws IOException {
        long n = 0;
        long senderChars = 0;
        long lastOffset = 0;
        try (MboxReader r = MboxReader.open(file)) {
            for (MboxEntry e : r) {
                n++;
                senderChars += e.from().sender().length();
                lastOffset = e.contentOffset();
            }
        }
        return senderChars > 0 && lastOffset > 0 ? n : -n;
    }

    static long mapped(Path file) throws IOException {
        long n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long window = 1L << 30;
            boolean lineStart = true;
            for (long pos = 0; pos < size; pos += window) {
                MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(window, size - pos));
                int lim = b.limit();
                for (int i = 0; i < lim; i++) {
                    byte c = b.get(i);
                    if (lineStart && c == 'F' && i + 4 < lim && b.get(i + 1) == 'r' && b.get(i + 2) == 'o'
                            && b.get(i + 3) == 'm' && b.get(i + 4) == ' ') {
                        n++;
                    }
                    lineStart = c == '\n';
                }
            }
        }
        return n;
    }

    static long mime4j(Path file) throws IOException {
        long n = 0;
        try (MboxIterator it = MboxIterator.fromFile(file.toFile()).charset(StandardCharsets.ISO_8859_1)
                .maxMessageSize(16 << 20).build()) {
            for (CharBufferWrapper m : it) {
                if (m != null) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Writes an mbox of about {@code target} bytes in Postfix's format; returns the message count. */
    static long generate(Path file, long target) throws IOException {
        Random rnd = new Random(42);
        long n = 0;
        long written = 0;
        StringBuilder line = new StringBuilder();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            while (written < target) {
                n++;
                StringBuilder m = new StringBuilder(4096);
                m.append("From sender").append(n % 997).append("@example.test  Sat Nov 21 20:49:20 2026\n")
                        .append("Return-Path: <sender").append(n % 997).append("@example.test>\n")
                        .append("Delivered-To: alice@example.test\n")
                        .append("Subject: message ").append(n).append('\n')
                        .append("Message-Id: <").append(n).append("@example.test>\n\n");
                int lines = 5 + rnd.nextInt(80);
                for (int k = 0; k < lines; k++) {
                    line.setLength(0);
                    if (rnd.nextInt(50) == 0) {
                        line.append(">From the quoted body line ");
                    }
                    int len = 20 + rnd.nextInt(56);
                    for (int c = 0; c < len; c++) {
                        line.append((char) ('a' + rnd.nextInt(26)));
                    }
                    m.append(line).append('\n');
                }
                m.append('\n');
                byte[] b = m.toString().getBytes(StandardCharsets.ISO_8859_1);
                out.write(b);
                written += b.length;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ Maildir listing

    static void maildir(Path root, int messages, boolean postfixNames) throws Exception {
        if (!Maildir.isMaildir(root) || Maildir.open(root).count() != messages) {
            Maildir md = Maildir.create(root);
            for (int k = 0; k < messages; k++) {
                String name = postfixNames
                        ? (1_700_000_000 + k) + ".V801I" + Integer.toHexString(k) + "M" + k + ".bench:2," + (k % 3 == 0 ? "S" : "")
                        : (1_700_000_000 + k) + ".M" + k + "P1.bench,S=200:2," + (k % 3 == 0 ? "S" : "");
                Files.writeString(root.resolve(k % 5 == 0 ? "new" : "cur").resolve(k % 5 == 0 ? name.substring(0, name.indexOf(':')) : name),
                        "Return-Path: <s" + k + "@example.test>\nSubject: message " + k + "\nFrom: a@example.test\n\nbody " + k + "\n");
            }
            md.count();
        }
        System.out.printf(Locale.ROOT, "%nMaildir listing with headers read: %s, %d messages named as %s does%n", root,
                messages, postfixNames ? "Postfix" : "Dovecot");
        System.out.println("| contender | messages | seconds | messages/s |");
        System.out.println("|---|---|---|---|");
        List<String> ratios = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            String tag = round == 0 ? " (1st)" : " (2nd)";
            double mailroom = rowCount("mailroom Maildir.list + Maildir.headers" + tag, () -> {
                Maildir md = Maildir.open(root);
                long n = 0;
                for (MaildirMessage m : md.list()) {
                    if (md.headers(m).first("Subject").isPresent()) {
                        n++;
                    }
                }
                return n;
            });
            double python = rowCount("python3 mailbox.Maildir + BytesHeaderParser" + tag, () -> Long.parseLong(run(List.of("python3", "-c",
                    "import mailbox,sys,email.parser\nmd=mailbox.Maildir(sys.argv[1],factory=None,create=False)\n"
                    + "p=email.parser.BytesHeaderParser()\nn=0\nfor k in md.iterkeys():\n"
                    + "    f=md.get_file(k)\n    h=p.parse(f)\n    f.close()\n    n+= h['Subject'] is not None\nprint(n)",
                    root.toString())).strip()));
            ratios.add(String.format(Locale.ROOT, "round %d: mailroom lists %s as fast as Python (goal >= 5)", round + 1,
                    ratio(python, mailroom)));
        }
        ratios.forEach(System.out::println);
    }

    /** Runs and prints one contender; returns its seconds. */
    private static double rowCount(String name, Task t) throws Exception {
        long start = System.nanoTime();
        long n = t.run();
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.0f |%n", name, n, s, n / s);
        return s;
    }

    // ------------------------------------------------------------------ delivery

    static void deliver(Path root, int n) throws Exception {
        Maildir md = Maildir.create(root);
        byte[] msg = ("Subject: delivery\n\n" + "x".repeat(2000) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        System.out.printf(Locale.ROOT, "%nMaildir delivery with fsync (file and directory): %s%n", root);
        System.out.println("| contender | messages | seconds | messages/s |");
        System.out.println("|---|---|---|---|");
        rowCount("mailroom Maildir.deliver", () -> {
            long ok = 0;
            for (int k = 0; k < n; k++) {
                if (md.deliver(Envelope.of("s@example.test", "alice@example.test"), msg, DeliveryOptions.DEFAULTS).delivered()) {
                    ok++;
                }
            }
            return ok;
        });
        int threads = 8;
        rowCount("mailroom Maildir.deliver, " + threads + " threads (Postfix runs several virtual(8) at once)", () -> {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<Boolean>> done = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    done.add(pool.submit(() -> md.deliver(Envelope.of("s@example.test", "alice@example.test"), msg,
                            DeliveryOptions.DEFAULTS).delivered()));
                }
                long ok = 0;
                for (java.util.concurrent.Future<Boolean> f : done) {
                    ok += f.get() ? 1 : 0;
                }
                return ok;
            } finally {
                pool.shutdown();
            }
        });
        postfixVirtual(root.resolveSibling("PostfixVirtual"), n, msg);
    }

    /**
     * Postfix 3.7's virtual(8) delivering the same number of messages into a Maildir on the
     * same disk (it fsyncs each file too): a private instance takes them over SMTP on loopback
     * and holds them (an access rule answers HOLD); the clock runs from their release
     * ({@code postsuper -H ALL; postqueue -f}) until the last file is in {@code new/}, so it
     * counts the queue manager and the delivery agents, as many in parallel as Postfix runs.
     */
    static void postfixVirtual(Path root, int n, byte[] msg) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/postfix")) || !"root".equals(System.getProperty("user.name"))) {
            System.out.println("| Postfix virtual(8) | not run: needs the postfix package and root | | |");
            return;
        }
        deleteTree(root);
        Path vmail = Files.createDirectories(root.resolve("vmail"));
        Files.setOwner(vmail, vmail.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        int port = PostfixInstance.freeLoopbackPort();
        try (PostfixInstance pf = PostfixInstance.builder(root.resolve("pf"))
                .param("master_service_disable", "")
                .param("virtual_mailbox_domains", "virt.example.test")
                .param("virtual_mailbox_base", vmail.toString())
                .param("virtual_mailbox_maps", "texthash:$config_directory/vmailbox")
                .param("virtual_uid_maps", "static:65534")
                .param("virtual_gid_maps", "static:65534")
                .param("virtual_minimum_uid", "100")
                .param("smtpd_client_restrictions", "check_client_access static:HOLD")
                .file("vmailbox", "bob@virt.example.test bob/Maildir/\n")
                .masterLine("127.0.0.1:" + port + " inet n - n - - smtpd")
                .start()) {
            dev.mailroom.smtp.Envelope env = dev.mailroom.smtp.Envelope.of("s@example.test", "bob@virt.example.test");
            dev.mailroom.smtp.MessageContent content = dev.mailroom.smtp.MessageContent.of(msg);
            try (dev.mailroom.smtp.SmtpSession s = dev.mailroom.smtp.SmtpSession.open(
                    dev.mailroom.smtp.Endpoint.tcp("127.0.0.1", java.net.InetAddress.getLoopbackAddress(), port),
                    dev.mailroom.smtp.SmtpOptions.builder().heloName("bench.example.test").build())) {
                for (int k = 0; k < n; k++) {
                    if (!(s.send(env, content).get(0) instanceof dev.mailroom.smtp.RecipientResult.Delivered)) {
                        throw new IOException("Postfix refused message " + k);
                    }
                }
            }
            Path held = root.resolve("pf/queue/hold");
            waitFor(() -> countFiles(held) >= n, "Postfix to hold " + n + " messages");
            Path fresh = vmail.resolve("bob/Maildir/new");
            rowCount("Postfix 3.7 virtual(8), released from hold", () -> {
                pf.tool("postsuper", "-H", "ALL");
                pf.tool("postqueue", "-f");
                waitFor(() -> countFiles(fresh) >= n, "Postfix to deliver " + n + " messages");
                return countFiles(fresh);
            });
        }
    }

    private interface Check {
        boolean done() throws IOException;
    }

    private static void waitFor(Check check, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void cat(Path file) throws IOException {
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buf) >= 0) {
                // read through once
            }
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        String s = new String(out, StandardCharsets.UTF_8);
        if (code > 1) {
            throw new IOException(cmd + " exited " + code + ": " + s);
        }
        return s;
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
