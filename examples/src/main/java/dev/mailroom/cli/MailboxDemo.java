package dev.mailroom.cli;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.DeliveryResult;
import dev.mailroom.mailbox.Envelope;
import dev.mailroom.mailbox.Flag;
import dev.mailroom.mailbox.MailboxConverter;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MaildirMessage;
import dev.mailroom.mailbox.MboxFormat;
import dev.mailroom.mailbox.MboxWriter;
import dev.mailroom.mailbox.MessageFlags;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The demo of the mailbox module: Postfix-format delivery into mbox and Maildir, listing, conversion. */
final class MailboxDemo implements DemoSection {

    private record Example(String file, String sender) {
    }

    private static final List<Example> EXAMPLES = List.of(
            new Example("mailbox/welcome.eml", "postmaster@example.test"),
            new Example("mailbox/from-lines.eml", "bob@example.test"),
            new Example("mailbox/bounce.eml", ""));

    @Override
    public String title() {
        return "Mailboxes: mbox and Maildir written as Postfix local(8) writes them";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintWriter out = ctx.out();
        Path dir = ctx.file("mailbox/out");
        deleteTree(dir);
        Files.createDirectories(dir);
        Path mbox = dir.resolve("alice.mbox");
        Maildir maildir = Maildir.create(dir.resolve("Maildir"));
        DeliveryOptions options = DeliveryOptions.DEFAULTS;
        MboxWriter writer = new MboxWriter(options);
        for (Example e : EXAMPLES) {
            byte[] message = Files.readAllBytes(ctx.file(e.file()));
            Envelope env = new Envelope(e.sender(), "alice@example.test", "alice");
            DeliveryResult m = writer.deliver(mbox, env, message);
            DeliveryResult d = maildir.deliver(env, message, options);
            out.printf("%-24s sender <%s>: mbox %s %s; Maildir %s new/%s%n", e.file(), e.sender(), m.dsn(), m.text(),
                    d.dsn(), d.location().getFileName());
        }
        out.printf("%n%s, first record as stored (From_ line, envelope headers):%n", ctx.work().relativize(mbox));
        try (Stream<String> lines = Files.lines(mbox, StandardCharsets.ISO_8859_1)) {
            lines.limit(4).forEach(l -> out.println("  " + l));
        }
        out.println("\nmailroom mailbox list " + ctx.work().relativize(mbox) + ":");
        MailboxCommand.list(mbox, MboxFormat.MBOXO, l -> out.println("  " + l.format()));

        List<MaildirMessage> all = maildir.list();
        MaildirMessage read = maildir.setFlags(all.get(0), MessageFlags.of(Flag.SEEN, Flag.REPLIED));
        out.printf("%nMaildir: marked seen and replied by an atomic rename -> cur/%s%n", read.name());
        out.println("mailroom mailbox list " + ctx.work().relativize(maildir.path()) + ":");
        MailboxCommand.list(maildir.path(), MboxFormat.MBOXO, l -> out.println("  " + l.format()));

        MailboxConverter conv = new MailboxConverter(options.withSizeLimits(0, 0));
        MailboxConverter.Summary toMd = conv.mboxToMaildir(mbox, MboxFormat.MBOXO, dir.resolve("converted-Maildir"), null);
        MailboxConverter.Summary toMbox = conv.maildirToMbox(maildir.path(), dir.resolve("converted.mbox"), null);
        out.printf("%nconverted %s -> converted-Maildir: %d messages; Maildir -> converted.mbox: %d messages "
                + "(sender, date and flags kept)%n", mbox.getFileName(), toMd.messages(), toMbox.messages());

        DeliveryResult full = new MboxWriter(options.withSizeLimits(1500, 1000)).deliver(mbox,
                Envelope.of("bob@example.test", "alice@example.test"), Files.readAllBytes(ctx.file("mailbox/welcome.eml")));
        out.printf("with mailbox_size_limit=1500: %s %s %s (file size still %d bytes)%n", full.outcome(), full.dsn(),
                full.text().replace(ctx.work().toString() + "/", ""), Files.size(mbox));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
