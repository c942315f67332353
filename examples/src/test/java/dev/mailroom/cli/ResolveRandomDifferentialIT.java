package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.DeliveryRecord;
import dev.mailroom.testing.PostfixInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random configurations against a private real Postfix 3.7: for each seed, virtual alias
 * maps (hash, sometimes with the seeds' dot-removing regexp table before or after it),
 * aliases with owner- entries, escapes and lists, canonical maps, a recipient delimiter and
 * extension propagation are drawn at random, with chains, self references and loops left in
 * on purpose. Postfix delivers one message to each of 40 random recipients; its final
 * deliveries must equal what {@code mailroom resolve} says. A recipient mailroom defers with
 * 4.6.0 (a virtual alias loop or limit) must be refused by Postfix's cleanup with the same
 * complaint; when the loop is in a message local(8) forwards, Postfix's side of that
 * {@code defer:4.6.0} is the recipient left in the queue without a log record. A failure names
 * the seed, so it can be replayed.
 */
@Timeout(600)
final class ResolveRandomDifferentialIT {

    private static final String SENDER = "sender@far.test";
    /** Senders drawn per recipient: the sender-dependent relayhost map knows the second. */
    private static final String[] SENDERS = {SENDER, SENDER, "me@sdom.test", ""};
    /** The virtual mailbox map: recipient → path under virtual_mailbox_base. */
    private static final Map<String, String> VMAILBOX = Map.of("m1@vmail.test", "vmail.test/m1/",
            "m2@vmail.test", "vmail.test/m2");
    /** Accounts of the Debian base system with a mailbox Postfix local(8) can write as them. */
    private static final String[] USERS = {"daemon", "bin", "sys", "mail", "news", "lp", "uucp"};
    private static final int RECIPIENTS = 40;

    /** One drawn configuration. */
    private static final class Draw {
        final Random r;
        final String delimiters;
        final List<String> aliasNames = new ArrayList<>();
        final int virtualKeys;
        final boolean mail1;
        final List<String> lists = new ArrayList<>();

        Draw(long seed) {
            r = new Random(seed);
            delimiters = pick("+", "-", "+-", "");
            for (int i = 1; i <= 6; i++) {
                aliasNames.add("a" + i);
            }
            virtualKeys = 6 + r.nextInt(4);
            mail1 = r.nextBoolean();
            for (int i = 1; i <= r.nextInt(3); i++) {
                lists.add("l" + i);
            }
        }

        String pick(String... choices) {
            return choices[r.nextInt(choices.length)];
        }

        /** An extension with a delimiter, or "" (none, or no delimiter configured). */
        String extension() {
            if (delimiters.isEmpty() || r.nextInt(3) != 0) {
                return "";
            }
            return delimiters.charAt(r.nextInt(delimiters.length())) + pick("x", "tag", "list", "");
        }

        /** A random alias or virtual alias value element. */
        String target(boolean inAliases) {
            int k = r.nextInt(100);
            if (k < 28) {
                return USERS[r.nextInt(USERS.length)];
            } else if (k < 40) {
                return aliasNames.get(r.nextInt(aliasNames.size()));
            } else if (k < 50) {
                return pick(USERS) + "@example.test";
            } else if (k < 64) {
                return "v" + (1 + r.nextInt(virtualKeys + 2)) + extension() + "@valias.test";
            } else if (k < 72) {
                return "x" + r.nextInt(4) + "@rel.test";
            } else if (k < 77) {
                return "ghost" + r.nextInt(3);
            } else if (k < 82) {
                return "someone" + r.nextInt(3) + "@far.test";
            } else if (k < 86 && inAliases) {
                return "\\" + pick(USERS);
            } else if (k < 88 && inAliases) {
                return "\"|/bin/true\"";
            } else if (k < 90 && inAliases) {
                return "$root/files/f" + r.nextInt(3);
            } else if (k < 93) {
                return pick(USERS) + extension();
            } else if (k < 95) {
                return pick("moved", "someone@sub.far.test", "z@err.test", "y@far.test", "m1@vmail.test",
                        "m2@vmail.test", "m3@vmail.test");
            } else if (k < 97 && !lists.isEmpty()) {
                return lists.get(r.nextInt(lists.size()));
            }
            return "c" + (1 + r.nextInt(3)) + "@example.test";
        }

        String targets(boolean inAliases) {
            Set<String> t = new LinkedHashSet<>();
            int n = 1 + (r.nextInt(10) < 7 ? 0 : 1 + r.nextInt(2));
            while (t.size() < n) {
                t.add(target(inAliases));
            }
            return String.join(", ", t);
        }

        String virtualTable() {
            StringBuilder v = new StringBuilder();
            for (int i = 1; i <= virtualKeys; i++) {
                String value = r.nextInt(8) == 0 ? "v" + i + "@valias.test, " + targets(false) : targets(false);
                v.append('v').append(i).append("@valias.test ").append(value).append('\n');
                if (!delimiters.isEmpty() && r.nextInt(4) == 0) {
                    v.append('v').append(i).append(delimiters.charAt(0)).append("spec@valias.test ")
                            .append(targets(false)).append('\n');
                }
            }
            if (r.nextInt(3) == 0) {
                v.append("@valias.test ").append(targets(false)).append('\n');
            }
            if (r.nextBoolean()) {
                v.append("d@valias.test @far.test\n");
            }
            v.append("x1 ").append(targets(false)).append('\n');
            v.append("x2@example.test ").append(targets(false)).append('\n');
            if (mail1) {
                v.append("@mail1.org ").append(targets(false)).append('\n');
                v.append("pepe@mail1.org ").append(targets(false)).append('\n');
            }
            return v.toString();
        }

        String aliases() {
            StringBuilder a = new StringBuilder();
            for (String name : aliasNames) {
                a.append(name).append(": ").append(targets(true)).append('\n');
                if (r.nextInt(3) == 0) {
                    a.append("owner-").append(name).append(": ").append(pick(USERS)).append('\n');
                }
            }
            for (String l : lists) {
                a.append(l).append(": :include:$root/etc/").append(l).append(".inc\n");
            }
            a.append("postmaster: ").append(pick(USERS)).append('\n');
            return a.toString();
        }

        /** The members of an :include: file, one or two a line. */
        String include() {
            StringBuilder t = new StringBuilder("# members\n");
            for (int i = 0; i < 1 + r.nextInt(3); i++) {
                t.append(targets(true).replace("\"|/bin/true\"", "bin")).append('\n');
            }
            return t.toString();
        }

        String canonical() {
            StringBuilder c = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                c.append('c').append(i).append(' ').append(target(false)).append('\n');
            }
            c.append("@odom.test @valias.test\n");
            return c.toString();
        }

        String recipient() {
            int k = r.nextInt(100);
            String a;
            if (k < 30) {
                a = "v" + (1 + r.nextInt(virtualKeys + 2)) + extension() + "@valias.test";
            } else if (k < 45) {
                a = aliasNames.get(r.nextInt(aliasNames.size())) + extension() + "@example.test";
            } else if (k < 55) {
                a = pick(USERS) + extension() + "@" + pick("example.test", "mx.example.test", "localhost");
            } else if (k < 62) {
                a = "c" + (1 + r.nextInt(3)) + "@example.test";
            } else if (k < 67) {
                a = "x" + (1 + r.nextInt(2)) + "@example.test";
            } else if (k < 72) {
                a = "v" + (1 + r.nextInt(virtualKeys)) + "@odom.test";
            } else if (k < 80 && mail1) {
                a = pick("a.b.c", "a.b", "pe.pe", "x.y.z.w", "pepe") + extension() + "@mail1.org";
            } else if (k < 85) {
                a = "d" + extension() + "@valias.test";
            } else if (k < 88) {
                a = "postmaster@example.test";
            } else if (k < 91) {
                a = "ghost" + extension() + "@example.test";
            } else if (k < 94 && !lists.isEmpty()) {
                a = lists.get(r.nextInt(lists.size())) + extension() + "@example.test";
            } else if (k < 97) {
                a = pick("moved@example.test", "someone@sub.far.test", "z@err.test", "y@far.test",
                        "m1" + extension() + "@vmail.test", "m2@vmail.test", "m3@vmail.test");
            } else {
                a = "x" + r.nextInt(4) + "@rel.test";
            }
            return r.nextInt(6) == 0 ? a.toUpperCase(Locale.ROOT) : a;
        }
    }

    /**
     * The seeds: four fixed ones, or {@code -Dmailroom.resolve.seeds=FIRST-LAST} for a longer
     * campaign.
     */
    static LongStream seeds() {
        String range = System.getProperty("mailroom.resolve.seeds", "");
        if (range.isEmpty()) {
            return LongStream.of(11, 22, 33, 44);
        }
        int dash = range.indexOf('-');
        return LongStream.rangeClosed(Long.parseLong(range.substring(0, dash)), Long.parseLong(range.substring(dash + 1)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomConfiguration_postfixDeliveries_equalMailroomResolve(long seed, @TempDir Path root)
            throws IOException, InterruptedException {
        Draw d = new Draw(seed);
        String virtualTables = d.mail1 && d.r.nextBoolean()
                ? "regexp:$root/etc/virtual.re, hash:$root/etc/virtual"
                : d.mail1 ? "hash:$root/etc/virtual, regexp:$root/etc/virtual.re" : "hash:$root/etc/virtual";
        PostfixInstance.Builder b = PostfixInstance.builder(root)
                .param("mydestination", "$myhostname, localhost.$mydomain, localhost, example.test")
                .param("recipient_delimiter", d.delimiters)
                .param("propagate_unmatched_extensions",
                        d.pick("canonical, virtual", "", "canonical, virtual, alias, forward, include"))
                .param("owner_request_special", d.pick("yes", "no"))
                .param("alias_maps", "hash:$root/etc/aliases")
                .param("alias_database", "hash:$root/etc/aliases")
                .param("virtual_alias_domains", "valias.test")
                .param("virtual_alias_maps", virtualTables)
                .param("relay_domains", "rel.test")
                .param("relay_transport", "relaycap")
                .param("default_transport", "defcap")
                .postalias("aliases", d.aliases())
                .postmap("hash", "virtual", d.virtualTable())
                .file("virtual.re", "/^(.*)\\.(.*@mail1\\.org)$/ $1$2\n");
        if (d.r.nextBoolean()) {
            b.param("canonical_maps", "hash:$root/etc/canonical").postmap("hash", "canonical", d.canonical());
        }
        for (String l : d.lists) {
            b.file(l + ".inc", d.include());
        }
        // .forward files for some users, sometimes one for an extension too
        for (String u : USERS) {
            if (d.r.nextInt(3) == 0) {
                String self = d.r.nextBoolean() ? "\\" + u + ", " : d.r.nextBoolean() ? u + ", " : "";
                b.file("../forward/" + u, self + d.targets(true) + "\n");
                if (!d.delimiters.isEmpty() && d.r.nextBoolean()) {
                    b.file("../forward/" + u + d.delimiters.charAt(0) + "x", d.targets(true) + "\n");
                }
            }
        }
        b.param("forward_path", "$root/forward/$user${recipient_delimiter}${extension}, $root/forward/$user");
        b.param("expand_owner_alias", d.pick("yes", "no"));
        if (d.r.nextBoolean()) {
            b.param("transport_maps", "hash:$root/etc/transport").postmap("hash", "transport",
                    "far.test tcap:nh-far\n.far.test tcap\nx1@rel.test tcap:[exact]\nerr.test error:5.1.1 custom text\n");
        }
        if (d.r.nextInt(3) == 0) {
            b.param("relocated_maps", "hash:$root/etc/relocated").postmap("hash", "relocated",
                    "moved@example.test new@far.test\n");
        }
        if (d.r.nextInt(3) == 0) {
            // local(8) sees luser_relay only for recipients smtpd would have refused
            b.param("luser_relay", d.pick("news", "lost-$user@far.test")).param("local_recipient_maps", "");
        }
        b.param("virtual_mailbox_domains", "vmail.test").param("virtual_mailbox_base", "$root/vmail")
                .param("virtual_mailbox_maps", "hash:$root/etc/vmailbox")
                .param("virtual_uid_maps", "static:65534").param("virtual_gid_maps", "static:65534")
                .postmap("hash", "vmailbox", "m1@vmail.test vmail.test/m1/\nm2@vmail.test vmail.test/m2\n")
                .param("sender_dependent_relayhost_maps", "hash:$root/etc/sdrh")
                .postmap("hash", "sdrh", "@sdom.test [sd-relay]\n");
        for (String dir : List.of("files", "forward", "vmail", "vmail/vmail.test")) {
            Path p = Files.createDirectories(root.resolve(dir));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        for (int i = 0; i < 3; i++) {
            // appended to by whichever user a delivery runs as
            Path f = Files.createFile(root.resolve("files/f" + i));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        for (String svc : List.of("relaycap", "defcap", "tcap")) {
            b.masterLine(svc + " unix - - n - - discard -o syslog_name=postfix-test/" + svc);
        }
        List<String> recipients = new ArrayList<>();
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < RECIPIENTS; i++) {
            recipients.add(d.recipient());
            senders.add(SENDERS[d.r.nextInt(SENDERS.length)]);
        }
        try (PostfixInstance pf = b.start()) {
            Path cfg = pf.configDirectory();
            List<Integer> refused = new ArrayList<>();
            List<List<String>> answers = new ArrayList<>();
            for (int i = 0; i < recipients.size(); i++) {
                List<String> lines = PostfixOutcomes.resolve(cfg, senders.get(i), recipients.get(i));
                answers.add(lines);
                if (lines.size() == 1 && lines.get(0).endsWith("\tdefer:4.6.0")) {
                    refused.add(i);
                } else {
                    send(pf, seed, i, senders.get(i), recipients.get(i));
                }
            }
            pf.awaitSettled(Duration.ofSeconds(120));
            Map<String, String> agents = PostfixOutcomes.discardAgents(pf.logLines());
            Set<String> silentlyDeferred = silentlyDeferred(pf);
            List<String> mismatches = new ArrayList<>();
            for (int i = 0; i < recipients.size(); i++) {
                if (refused.contains(i)) {
                    continue;
                }
                TreeSet<String> postfix = new TreeSet<>();
                for (DeliveryRecord r : pf.deliveriesOf(messageId(seed, i))) {
                    if (!r.text().startsWith("forwarded as ")) {
                        postfix.add(foldNexthop(PostfixOutcomes.token(r, agents, d.delimiters,
                                x -> VMAILBOX.getOrDefault(PostfixOutcomes.withoutExtension(x, d.delimiters), "?" + x))));
                    }
                }
                if (!Collections.disjoint(silentlyDeferred, pf.queueIdsOf(messageId(seed, i)))) {
                    postfix.add("defer:4.6.0");
                }
                TreeSet<String> mailroom = new TreeSet<>();
                for (String line : answers.get(i)) {
                    mailroom.add(foldNexthop(line.substring(line.indexOf('\t') + 1)));
                }
                // when a forwarded message is refused, local(8) stops sending the others of the
                // same delivery: which of them left before it is chance (a randomly seeded hash
                // table), so Postfix may show fewer of them than mailroom, which resolves all
                boolean refusedCopy = postfix.contains("defer:4.6.0") && mailroom.contains("defer:4.6.0");
                if (refusedCopy ? !mailroom.containsAll(postfix) : !postfix.equals(mailroom)) {
                    mismatches.add(recipients.get(i) + " (sender <" + senders.get(i) + ">): postfix " + postfix
                            + " mailroom " + mailroom);
                }
            }
            for (int i : refused) {
                mismatches.addAll(checkRefused(pf, seed, i, senders.get(i), recipients.get(i)));
            }
            // -Dmailroom.resolve.showLog=true adds Postfix's log to a failure's message
            assertEquals(List.of(), mismatches, "seed " + seed + "\n" + String.join("\n", mismatches)
                    + "\n" + describe(root, cfg) + (Boolean.getBoolean("mailroom.resolve.showLog")
                            ? "\n--- maillog\n" + String.join("\n", pf.logLines()) : ""));
            assertTrue(recipients.size() - refused.size() >= RECIPIENTS / 2,
                    "seed " + seed + ": most recipients should be deliverable, refused " + refused.size());
        }
    }

    /**
     * A relay token with its nexthop in lower case. qmgr finds a delivery queue by the
     * lower-cased nexthop but hands every message the spelling of the message that created the
     * queue (qmgr_message.c), so {@code X@REL.TEST} leaves with nexthop {@code rel.test} while
     * an earlier message's queue to {@code rel.test} is still there, and with {@code REL.TEST}
     * otherwise (seed 1595). mailroom gives trivial-rewrite's spelling.
     */
    private static String foldNexthop(String token) {
        if (!token.startsWith("relay:")) {
            return token;
        }
        int t = token.indexOf(':', 6);
        int a = token.lastIndexOf(':');
        return t < 0 || a <= t ? token
                : token.substring(0, t + 1) + token.substring(t + 1, a).toLowerCase(java.util.Locale.ROOT) + token.substring(a);
    }

    /** A queued message: its queue id, then its recipients' JSON objects. */
    private static final Pattern QUEUE_ID = Pattern.compile("\"queue_id\": \"([0-9A-Za-z]+)\"");
    /** A queued recipient without a delay reason: no defer log record names it. */
    private static final Pattern BARE_RECIPIENT = Pattern.compile("\\{\"address\": \"[^\"]*\"\\}");

    /**
     * The queue ids of messages that keep a recipient without a delay reason, provided cleanup
     * logged a refusal of a virtual alias expansion: local(8) defers a recipient without a log
     * record when cleanup refuses a message it forwards for it (local/forward.c, forward_send),
     * which is mailroom's {@code defer:4.6.0} beside the recipient's other deliveries.
     */
    private static Set<String> silentlyDeferred(PostfixInstance pf) throws IOException {
        Set<String> ids = new HashSet<>();
        if (pf.logLines().stream().noneMatch(l -> l.contains("/cleanup[") && l.contains("unreasonable virtual_alias_maps"))) {
            return ids;
        }
        for (String line : pf.tool("postqueue", "-j").split("\n")) {
            Matcher m = QUEUE_ID.matcher(line);
            if (m.find() && BARE_RECIPIENT.matcher(line).find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** main.cf and every table, include and .forward file, for a failure message. */
    private static String describe(Path root, Path cfg) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path dir : List.of(cfg, root.resolve("forward"))) {
            try (var files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (Files.isRegularFile(f) && !name.endsWith(".db") && !name.startsWith("master")
                            && !name.startsWith("dynamicmaps")) {
                        sb.append("--- ").append(dir.getFileName()).append('/').append(name).append('\n')
                                .append(Files.readString(f));
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String messageId(long seed, int i) {
        return "random-" + seed + "-" + i + "@mailroom.test";
    }

    private static void send(PostfixInstance pf, long seed, int i, String sender, String recipient)
            throws IOException {
        String msg = "From: " + (sender.isEmpty() ? "MAILER-DAEMON" : sender) + "\nTo: " + recipient
                + "\nSubject: case " + i + "\nMessage-ID: <"
                + messageId(seed, i) + ">\n\nbody\n";
        pf.sendmail(sender, List.of(recipient), msg.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a recipient mailroom defers with 4.6.0 and waits for cleanup's refusal in the log
     * (then removes the message, which would otherwise be retried from the maildrop).
     */
    private static List<String> checkRefused(PostfixInstance pf, long seed, int i, String sender, String recipient)
            throws IOException, InterruptedException {
        int before = pf.logLines().size();
        send(pf, seed, i, sender, recipient);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                List<String> lines = pf.logLines();
                for (String l : lines.subList(Math.min(before, lines.size()), lines.size())) {
                    if (l.contains("unreasonable virtual_alias_maps")) {
                        return List.of();
                    }
                }
                if (!pf.deliveriesOf(messageId(seed, i)).isEmpty()) {
                    return List.of(recipient + ": mailroom defer:4.6.0, postfix delivered "
                            + pf.deliveriesOf(messageId(seed, i)));
                }
                Thread.sleep(100);
            }
            return List.of(recipient + ": mailroom defer:4.6.0, postfix logged no refusal within 20 s");
        } finally {
            pf.tool("postsuper", "-d", "ALL", "maildrop");
        }
    }
}
