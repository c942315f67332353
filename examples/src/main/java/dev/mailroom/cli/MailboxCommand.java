package dev.mailroom.cli;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.FromLine;
import dev.mailroom.mailbox.HeaderFields;
import dev.mailroom.mailbox.MailboxConverter;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MaildirMessage;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxFormat;
import dev.mailroom.mailbox.MboxIndex;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.mailbox.MessageFlags;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailroom mailbox}: list, print, count and convert mbox files and Maildirs.
 */
@Command(name = "mailbox", mixinStandardHelpOptions = true,
        description = "Read mbox files and Maildirs, and convert between them.",
        subcommands = {
            MailboxCommand.ListCommand.class,
            MailboxCommand.CatCommand.class,
            MailboxCommand.CountCommand.class,
            MailboxCommand.ConvertCommand.class,
        })
final class MailboxCommand implements Runnable {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, cat, count or convert");
    }

    /** One line of {@code mailbox list}. */
    record Line(long number, String sender, String date, long size, String flags, String subject) {
        String format() {
            return number + "\t" + dash(sender) + "\t" + dash(date) + "\t" + size + "\t" + dash(flags) + "\t"
                    + subject.replace('\t', ' ');
        }

        private static String dash(String s) {
            return s.isEmpty() ? "-" : s;
        }
    }

    /** The body of a subcommand, which may fail with an I/O error. */
    interface Body {
        Integer run() throws IOException;
    }

    /** Runs {@code body}; an I/O error becomes one line on standard error and exit status 1. */
    static Integer guarded(CommandSpec spec, Body body) {
        try {
            return body.run();
        } catch (java.nio.file.NoSuchFileException e) {
            String reason = e.getReason() == null ? "no such file or directory" : e.getReason();
            spec.commandLine().getErr().println("mailroom mailbox: " + e.getFile() + ": " + reason);
        } catch (IOException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("mailroom mailbox: " + e.getMessage());
        }
        spec.commandLine().getErr().flush();
        return 1;
    }

    static boolean isMaildir(Path p) {
        return Files.isDirectory(p);
    }

    static String flags(MessageFlags f) {
        return f.letters();
    }

    /** The lines of {@code list} for an mbox file or a Maildir. */
    static void list(Path path, MboxFormat format, java.util.function.Consumer<Line> out) throws IOException {
        if (isMaildir(path)) {
            Maildir md = Maildir.open(path);
            long n = 0;
            for (MaildirMessage m : md.list()) {
                HeaderFields h;
                java.time.Instant modified;
                try {
                    h = md.headers(m);
                    modified = m.modified();
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                String sender = h.returnPath().map(s -> s.isEmpty() ? "MAILER-DAEMON" : s).orElse("");
                String date = DATE.format(LocalDateTime.ofInstant(modified, ZoneId.systemDefault()).withNano(0));
                out.accept(new Line(++n, sender, date, m.size(), flags(m.flags()), h.first("Subject").orElse("")));
            }
            return;
        }
        try (MboxReader r = MboxReader.open(path, format)) {
            for (MboxEntry e : r) {
                FromLine f = e.from();
                String date = f.date().map(d -> f.offset().map(o -> d.atOffset(o).toString())
                        .orElse(DATE.format(d))).orElse("");
                HeaderFields h;
                try (InputStream in = r.openMessage(e)) {
                    h = HeaderFields.read(in);
                }
                out.accept(new Line(e.number(), f.sender(), date, e.storedSize(), flags(e.flags()),
                        h.first("Subject").orElse("")));
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "One line per message: N, envelope sender, date, size, flags, subject (tab-separated; - when unknown).")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "An mbox file or a Maildir directory.")
        Path path;

        @Option(names = "--format", description = "mbox convention: ${COMPLETION-CANDIDATES} (default: mboxo).",
                defaultValue = "mboxo", converter = FormatConverter.class)
        MboxFormat format;

        @Override
        public Integer call() {
            return guarded(spec, this::execute);
        }

        private Integer execute() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            list(path, format, l -> out.println(l.format()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "cat", mixinStandardHelpOptions = true,
            description = "Print message N (from 1) as stored, without the From_ line, quoting undone.")
    static final class CatCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "An mbox file or a Maildir directory.")
        Path path;

        @Parameters(index = "1", paramLabel = "N", description = "The message number, from 1, in list order.")
        long number;

        @Option(names = "--format", description = "mbox convention: mboxo (default), mboxrd, mboxcl2 or raw.",
                defaultValue = "mboxo", converter = FormatConverter.class)
        MboxFormat format;

        /** Where the bytes go; standard output unless a test sets it. */
        OutputStream bytesOut = System.out;

        @Override
        public Integer call() {
            return guarded(spec, this::execute);
        }

        private Integer execute() throws IOException {
            if (isMaildir(path)) {
                Maildir md = Maildir.open(path);
                List<MaildirMessage> all = md.list();
                if (number < 1 || number > all.size()) {
                    throw new ParameterException(spec.commandLine(),
                            "no message " + number + " in " + path + " (it has " + all.size() + ")");
                }
                try (InputStream in = md.open(all.get((int) number - 1))) {
                    in.transferTo(bytesOut);
                }
            } else {
                try (MboxReader r = MboxReader.open(path, format)) {
                    MboxIndex idx = r.index();
                    if (number < 1 || number > idx.size()) {
                        throw new ParameterException(spec.commandLine(),
                                "no message " + number + " in " + path + " (it has " + idx.size() + ")");
                    }
                    try (InputStream in = r.openMessage(idx.get(number))) {
                        in.transferTo(bytesOut);
                    }
                }
            }
            bytesOut.flush();
            return 0;
        }
    }

    @Command(name = "count", mixinStandardHelpOptions = true, description = "Print the number of messages.")
    static final class CountCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "An mbox file or a Maildir directory.")
        Path path;

        @Option(names = "--format", description = "mbox convention (default: mboxo).", defaultValue = "mboxo",
                converter = FormatConverter.class)
        MboxFormat format;

        @Override
        public Integer call() {
            return guarded(spec, this::execute);
        }

        private Integer execute() throws IOException {
            long n;
            if (isMaildir(path)) {
                n = Maildir.open(path).list().size();
            } else {
                try (MboxReader r = MboxReader.open(path, format)) {
                    n = r.entries().count();
                }
            }
            spec.commandLine().getOut().println(n);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Convert an mbox file to a Maildir or back, keeping envelope sender, date and flags.")
    static final class ConvertCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SRC", description = "An mbox file or a Maildir directory.")
        Path src;

        @Parameters(index = "1", paramLabel = "DST", description = "The mbox file (appended to) or Maildir (created).")
        Path dst;

        @Option(names = "--to", description = "Target format: maildir or mbox (default: the other one).")
        String to;

        @Option(names = "--format", description = "Source mbox convention (default: mboxo).", defaultValue = "mboxo",
                converter = FormatConverter.class)
        MboxFormat format;

        @Option(names = "--progress", negatable = true,
                description = "Show a progress bar (default: when the output is a terminal).")
        Boolean progress;

        @Override
        public Integer call() {
            return guarded(spec, this::execute);
        }

        private Integer execute() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            boolean fromMaildir = isMaildir(src);
            String target = to == null ? (fromMaildir ? "mbox" : "maildir") : to.toLowerCase(Locale.ROOT);
            if (!target.equals("mbox") && !target.equals("maildir")) {
                throw new ParameterException(spec.commandLine(), "--to must be maildir or mbox, not " + to);
            }
            if (fromMaildir == target.equals("maildir")) {
                throw new ParameterException(spec.commandLine(), "SRC is already " + (fromMaildir ? "a Maildir" : "an mbox")
                        + "; nothing to convert");
            }
            boolean bar = progress != null ? progress : System.console() != null;
            ProgressBar pb = new ProgressBar(out);
            MailboxConverter conv = new MailboxConverter(DeliveryOptions.DEFAULTS.withSizeLimits(0, 0));
            MailboxConverter.Listener l = bar ? pb::update : null;
            MailboxConverter.Summary s = fromMaildir ? conv.maildirToMbox(src, dst, l)
                    : conv.mboxToMaildir(src, format, dst, l);
            if (bar) {
                pb.finish();
            }
            double secs = Math.max(s.elapsed().toNanos() / 1e9, 1e-9);
            out.printf(Locale.ROOT, "converted %d messages (%d bytes) from %s to %s %s in %.2f s (%.1f MiB/s)%n",
                    s.messages(), s.bytes(), src, target, dst, secs, s.bytes() / secs / (1 << 20));
            out.flush();
            return 0;
        }
    }

    /** A one-line progress bar redrawn with carriage returns, at most ten times a second. */
    static final class ProgressBar {
        private final PrintWriter out;
        private final long start = System.nanoTime();
        private long last;

        ProgressBar(PrintWriter out) {
            this.out = out;
        }

        void update(long messages, long bytes, long total) {
            long now = System.nanoTime();
            if (now - last < 100_000_000L && bytes < total) {
                return;
            }
            last = now;
            out.print("\r" + render(messages, bytes, total, (now - start) / 1e9));
            out.flush();
        }

        static String render(long messages, long bytes, long total, double secs) {
            double rate = secs > 0 ? bytes / secs : 0;
            double frac = total > 0 ? Math.min(1.0, (double) bytes / total) : 0;
            int width = 30;
            int filled = (int) Math.round(frac * width);
            String eta = rate > 0 && total > 0 ? clock((long) ((total - bytes) / rate)) : "--:--";
            return String.format(Locale.ROOT, "[%s%s] %3d%% %d msgs %.1f MiB %.1f MiB/s ETA %s",
                    "#".repeat(filled), " ".repeat(width - filled), Math.round(frac * 100), messages,
                    bytes / 1048576.0, rate / 1048576.0, eta);
        }

        private static String clock(long s) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }

        void finish() {
            out.println();
        }
    }

    /** Reads {@code mboxo}, {@code mboxrd}, {@code mboxcl}, {@code mboxcl2}, {@code raw}. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<MboxFormat> {
        @Override
        public MboxFormat convert(String value) {
            try {
                return MboxFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "unknown mbox format '" + value + "' (expected mboxo, mboxrd, mboxcl, mboxcl2 or raw)");
            }
        }
    }
}
