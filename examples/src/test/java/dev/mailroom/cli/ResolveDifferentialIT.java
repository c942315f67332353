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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private real Postfix 3.7 delivers one message to each of 60+ recipients covering every
 * address class; its final deliveries (from its log) must equal what {@code mailroom resolve}
 * says for the same configuration directory.
 */
@Timeout(300)
final class ResolveDifferentialIT {

    private static final String SENDER = "sender@far.test";

    /** {sender, recipient}; a null sender means {@link #SENDER}. */
    private static final String[][] CASES = {
        // local class: aliases, owner-, include, commands, files, .forward, mailbox, unknown
        {null, "postmaster@example.test"}, {null, "root"}, {null, "team@example.test"}, {null, "Team@Example.TEST"},
        {null, "loopa@example.test"}, {null, "self@example.test"}, {null, "esc@example.test"},
        {null, "list1@example.test"}, {null, "cmd@example.test"}, {null, "tofile@example.test"},
        {null, "remote@example.test"}, {null, "nested@example.test"}, {null, "ext+tag@example.test"},
        {null, "bin+foo@example.test"}, {null, "nobody@example.test"}, {null, "news+lists@example.test"},
        {null, "news+other@example.test"}, {null, "postfix@example.test"}, {null, "uucp@example.test"},
        {null, "ghost@example.test"}, {null, "daemon@localhost.example.test"}, {null, "daemon@[127.0.0.1]"},
        {null, "mail@mx.example.test"}, {null, "cuser@example.test"}, {null, "rc@example.test"},
        {null, "sys+x@example.test"}, {null, "lp@localhost"}, {null, "MAIL@EXAMPLE.TEST"},
        {null, "tolist+x@example.test"}, {null, "badinc@example.test"},
        {null, "ownlist@example.test"},
        // virtual alias expansion and the virtual alias class
        {null, "info@valias.test"}, {null, "sales@valias.test"}, {null, "nobody2@valias.test"},
        {null, "selfy@valias.test"}, {null, "multi@valias.test"}, {null, "chain@valias.test"},
        {null, "b+spec@valias.test"}, {null, "b+other@valias.test"}, {null, "d@valias.test"},
        {null, "d+x@valias.test"}, {null, "el.holandes.errante@example.test"}, {null, "bartolo@gmail.com"},
        {null, "yo@example.test"}, {null, "pepe+munoz+vazquez@mail1.org"}, {null, "a.b.c@mail1.org"},
        {null, "whoever@mail1.org"}, {null, "y+ext@odom.test"},
        // virtual mailboxes
        {null, "info@vmail.test"}, {null, "box@vmail.test"}, {null, "info+x@vmail.test"},
        {null, "nobody@vmail.test"}, {null, "alias@vmail.test"},
        // relay class
        {null, "x@rel.test"}, {null, "y@sub.rel.test"},
        // transport_maps
        {null, "a@t.test"}, {null, "a@x.sub.t.test"}, {null, "exact@x.test"}, {null, "exact+e@x.test"},
        {null, "a@err.test"}, {null, "a@chan.test"}, {null, "a@noxp.test"},
        {null, "b@rx.test"}, {null, "a@rx2.test"},
        // default class, sender-dependent maps, relocated
        {null, "someone@far.test"}, {"me@sdom.test", "z@far.test"}, {"", "z2@far.test"},
        {"me@xport.test", "z3@far.test"}, {null, "moved@example.test"}, {null, "someone@[192.0.2.1]"},
    };

    @TempDir
    static Path root;

    static PostfixInstance pf;

    @BeforeAll
    static void start() throws IOException {
        for (String d : List.of("vmail", "files")) {
            Path p = Files.createDirectories(root.resolve(d));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        PostfixInstance.Builder b = PostfixInstance.builder(root)
                .param("mydestination", "$myhostname, localhost.$mydomain, localhost, example.test")
                .param("recipient_delimiter", "+")
                .param("alias_maps", "hash:$root/etc/aliases")
                .param("alias_database", "hash:$root/etc/aliases")
                .param("forward_path", "$root/forward/$user${recipient_delimiter}${extension}, $root/forward/$user")
                .param("virtual_alias_domains", "valias.test")
                .param("virtual_alias_maps", "hash:$root/etc/virtual, regexp:$root/etc/virtual.re")
                .param("virtual_mailbox_domains", "vmail.test")
                .param("virtual_mailbox_maps", "hash:$root/etc/vmailbox")
                .param("virtual_mailbox_base", "$root/vmail")
                .param("virtual_uid_maps", "static:65534")
                .param("virtual_gid_maps", "static:65534")
                .param("canonical_maps", "hash:$root/etc/canonical")
                .param("recipient_canonical_maps", "hash:$root/etc/rcanonical")
                .param("relay_domains", "rel.test")
                .param("relay_transport", "relaycap:relay-nexthop")
                .param("default_transport", "defcap")
                .param("transport_maps", "hash:$root/etc/transport, regexp:$root/etc/transport.re")
                .param("sender_dependent_relayhost_maps", "hash:$root/etc/sdrh")
                .param("sender_dependent_default_transport_maps", "hash:$root/etc/sddt")
                .param("relocated_maps", "hash:$root/etc/relocated")
                .postalias("aliases", """
                        postmaster: root
                        root: sys
                        team: daemon, bin
                        owner-team: mail
                        loopa: loopb
                        loopb: loopa, news
                        self: self, mail
                        esc: \\daemon, bin
                        list1: :include:$root/etc/list1.inc
                        cmd: "|/bin/true"
                        tofile: $root/files/f1
                        remote: someone@rel.test
                        nested: team, cmd
                        ext+tag: news
                        tolist: bin, lp@rel.test
                        badinc: :include:$root/etc/nonexistent.inc
                        ownlist: x@far.test, bin
                        owner-ownlist: mail
                        """)
                .file("list1.inc", "bin\n# a comment\nsys, nobody\n")
                .file("../forward/nobody", "\\nobody, mail\n")
                .file("../forward/news+lists", "bin\n")
                .file("../forward/postfix", "\"|/bin/true postfix\"\n")
                .file("../forward/uucp", "xfwd@rel.test\n")
                .postmap("hash", "virtual", """
                        valias.test anything
                        info@valias.test daemon
                        sales@valias.test bin, sales@rel.test
                        selfy@valias.test selfy@valias.test, bin
                        multi@valias.test daemon, bin, Daemon@mx.example.test
                        chain@valias.test a@valias.test
                        a@valias.test sys
                        b+spec@valias.test bin
                        b@valias.test news
                        d@valias.test @other.test
                        loop1@valias.test loop2@valias.test
                        loop2@valias.test loop1@valias.test
                        el.holandes.errante news
                        bartolo@gmail.com @yahoo.es
                        yo yo_tambien@hotmail.com
                        pepe@mail1.org news
                        @mail1.org mail
                        alias@vmail.test info@vmail.test
                        """)
                .file("virtual.re", "/^(.*)\\.(.*@mail1\\.org)$/ $1$2\n")
                .postmap("hash", "vmailbox", "info@vmail.test vmail.test/info/\nbox@vmail.test vmail.test/box\n")
                .postmap("hash", "canonical", "cuser bin\n@odom.test @other2.test\nrc2@example.test daemon\n")
                .postmap("hash", "rcanonical", "rc@example.test rc2@example.test\n")
                .postmap("hash", "transport", """
                        t.test tcap:domain-t
                        .t.test tcap:dot-t
                        exact@x.test tcap:exact-addr
                        err.test error:5.1.1 custom error text
                        chan.test tcap
                        noxp.test :[override.host]
                        """)
                .file("transport.re", "/^rx\\.test$/ tcap:rx-domain\n/^a@rx2\\.test$/ tcap:rx-addr\n")
                .postmap("hash", "sdrh", "@sdom.test [sdom-relay]\n<> [null-relay]\nowner-ownlist@mx.example.test [owner-relay]\n")
                .postmap("hash", "sddt", "@xport.test sdcap:xport-nexthop\n")
                .postmap("hash", "relocated", "moved@example.test new@far.test\n");
        for (String svc : List.of("relaycap", "defcap", "tcap", "sdcap")) {
            b.masterLine(svc + " unix - - n - - discard -o syslog_name=postfix-test/" + svc);
        }
        pf = b.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (pf != null) {
            pf.close();
        }
    }

    private static String messageId(int i) {
        return "resolve-" + i + "@mailroom.test";
    }

    @Test
    void postfixDeliveries_equalMailroomResolve() throws IOException {
        for (int i = 0; i < CASES.length; i++) {
            String sender = CASES[i][0] == null ? SENDER : CASES[i][0];
            String msg = "From: " + (sender.isEmpty() ? "MAILER-DAEMON" : sender) + "\nTo: " + CASES[i][1]
                    + "\nSubject: case " + i + "\nMessage-ID: <" + messageId(i) + ">\n\nbody\n";
            pf.sendmail(sender, List.of(CASES[i][1]), msg.getBytes(StandardCharsets.UTF_8));
        }
        pf.awaitSettled(Duration.ofSeconds(120));
        Map<String, String> agents = PostfixOutcomes.discardAgents(pf.logLines());
        List<String> mismatches = new ArrayList<>();
        int deliveries = 0;
        for (int i = 0; i < CASES.length; i++) {
            String sender = CASES[i][0] == null ? SENDER : CASES[i][0];
            TreeSet<String> postfix = new TreeSet<>();
            for (DeliveryRecord d : pf.deliveriesOf(messageId(i))) {
                if (d.text().startsWith("forwarded as ")) {
                    continue; // local(8) resubmitted the expansion; the new queue file's deliveries follow
                }
                postfix.add(PostfixOutcomes.token(d, agents, "+", ResolveDifferentialIT::vmailboxResult));
                deliveries++;
            }
            TreeSet<String> mailroom = new TreeSet<>();
            for (String line : PostfixOutcomes.resolve(pf.configDirectory(), sender, CASES[i][1])) {
                mailroom.add(line.substring(line.indexOf('\t') + 1));
            }
            if (!postfix.equals(mailroom)) {
                mismatches.add(CASES[i][1] + " (sender " + sender + "): postfix " + postfix + " mailroom " + mailroom);
            }
        }
        assertEquals(List.of(), mismatches, String.join("\n", mismatches));
        assertTrue(CASES.length >= 60 && deliveries >= CASES.length, "cases " + CASES.length + ", deliveries " + deliveries);
        assertVirtualMailboxFiles();
    }

    /** A virtual alias loop never reaches a delivery agent: cleanup refuses it and mailroom defers 4.6.0. */
    @Test
    void virtualAliasLoop_cleanupRefuses_mailroomDefers() throws IOException, InterruptedException {
        pf.sendmail(SENDER, List.of("loop1@valias.test"), ("Message-ID: <resolve-loop@mailroom.test>\n\nx\n")
                .getBytes(StandardCharsets.UTF_8));
        String warning = "unreasonable virtual_alias_maps map nesting for loop1@valias.test";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pf.logLines().stream().noneMatch(l -> l.contains(warning))) {
            assertTrue(System.nanoTime() < deadline, "no nesting warning in the log");
            Thread.sleep(100);
        }
        pf.tool("postsuper", "-d", "ALL", "maildrop");
        assertEquals(List.of(), pf.deliveriesOf("resolve-loop@mailroom.test"));
        assertEquals(List.of("loop1@valias.test\tdefer:4.6.0"),
                PostfixOutcomes.resolve(pf.configDirectory(), SENDER, "loop1@valias.test"));
    }

    private static void assertVirtualMailboxFiles() throws IOException {
        Path info = root.resolve("vmail/vmail.test/info/new");
        try (Stream<Path> s = Files.list(info)) {
            assertTrue(s.count() >= 3, "Maildir messages in " + info);
        }
        assertTrue(Files.isRegularFile(root.resolve("vmail/vmail.test/box")));
        assertTrue(Files.isRegularFile(root.resolve("files/f1")));
    }

    /** The virtual_mailbox_maps entry for a delivered address (exact, then without extension). */
    private static String vmailboxResult(String recipient) {
        String r = recipient.toLowerCase(Locale.ROOT);
        if (r.startsWith("info")) {
            return "vmail.test/info/";
        }
        return r.startsWith("box") ? "vmail.test/box" : "?" + r;
    }
}
