package dev.mailroom.mailbox;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MaildirTest {

    private static final Instant NOW = Instant.parse("2026-11-21T20:49:20.558205Z");
    private static final DeliveryOptions OPTIONS = DeliveryOptions.DEFAULTS
            .withClock(Clock.fixed(NOW, ZoneId.of("UTC"))).withMaildirNaming(MaildirNaming.POSTFIX, "vm");

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }

    @Test
    void create_makesNewCurTmpMode0700() throws IOException {
        Maildir md = Maildir.create(dir.resolve("Maildir"));
        for (String s : new String[] {"new", "cur", "tmp"}) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(md.path().resolve(s))));
        }
        assertTrue(Maildir.isMaildir(md.path()));
        assertThrows(NoSuchFileException.class, () -> Maildir.open(dir));
    }

    @Test
    void deliver_vectorsF2F7_postfixNameAndContent() throws IOException {
        Maildir md = Maildir.create(dir.resolve("Maildir"));
        DeliveryResult r = md.deliver(new Envelope("sender@example.test", "alice@mx.example.test", "alice"),
                bytes("Subject: t\n\nFrom the start of a line\n>From already quoted\nLast line without newline"), OPTIONS);
        assertTrue(r.delivered(), r.text());
        Path f = r.location();
        assertEquals(md.path().resolve("new"), f.getParent());
        Matcher m = Pattern.compile("1795294160\\.V([0-9a-f]+)I([0-9a-f]+)M558205\\.vm").matcher(f.getFileName().toString());
        assertTrue(m.matches(), f.getFileName().toString());
        assertEquals(Long.toHexString(((Number) Files.getAttribute(f, "unix:dev")).longValue()), m.group(1));
        assertEquals(Long.toHexString(((Number) Files.getAttribute(f, "unix:ino")).longValue()), m.group(2));
        assertEquals("Return-Path: <sender@example.test>\nX-Original-To: alice\nDelivered-To: alice@mx.example.test\n"
                + "Subject: t\n\nFrom the start of a line\n>From already quoted\nLast line without newline\n",
                Files.readString(f, ISO_8859_1));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (var tmp = Files.list(md.path().resolve("tmp"))) {
            assertEquals(0, tmp.count());
        }
    }

    @Test
    void list_readsSizeFieldsOfTheBaseName_ignoringBadOnesAndTheInfoPart() throws IOException {
        Maildir md = Maildir.create(dir.resolve("N"));
        String[] names = {"1.a,S=12,W=14:2,S", "2.b,S=,W=x1", "3.c,W=7,S=9,S=10", "4.d,S=1234567890123456789",
            "5.e:2,S=5", "6.f,,S=0,", "7.g,s=3"};
        for (String n : names) {
            Files.writeString(dir.resolve("N/cur").resolve(n), "x");
        }
        List<MaildirMessage> l = md.list();
        assertEquals(List.of(OptionalLong.of(12), OptionalLong.empty(), OptionalLong.of(10), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.of(0), OptionalLong.empty()),
                l.stream().map(MaildirMessage::sizeField).toList());
        assertEquals(List.of(OptionalLong.of(14), OptionalLong.empty(), OptionalLong.of(7), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty()),
                l.stream().map(MaildirMessage::virtualSize).toList());
    }

    @Test
    void deliver_dovecotNaming_sizeAndVirtualSizeInName() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        DeliveryResult r = md.deliver(Envelope.of("", "b@x"), bytes("S: 1\n\nab\n"),
                OPTIONS.withMaildirNaming(MaildirNaming.DOVECOT, "h/o:st").withHeaders(false, false));
        String name = r.location().getFileName().toString();
        assertTrue(name.matches("1795294160\\.M558205P\\d+Q\\d+\\.h\\\\057o\\\\072st,S=25,W=29"), name);
        MaildirMessage m = md.list().get(0);
        assertEquals(OptionalLong.of(25), m.sizeField());
        assertEquals(OptionalLong.of(29), m.virtualSize());
        assertEquals(25, m.size());
    }

    @Test
    void deliver_tooLarge_bounces522_noFileLeft() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        DeliveryResult r = md.deliver(Envelope.of("s@x", "b@x"), bytes("x".repeat(200)), OPTIONS.withSizeLimits(150, 100));
        assertEquals("5.3.4", r.dsn());
        r = md.deliver(Envelope.of("s@x", "b@x"), bytes("x".repeat(140)), OPTIONS.withSizeLimits(150, 150));
        assertEquals("5.2.2", r.dsn());
        assertEquals("maildir delivery failed: error writing message: File too large", r.text());
        assertEquals(0, md.count());
    }

    @Test
    void deliver_createsMissingSubdirectories() throws IOException {
        Path root = Files.createDirectories(dir.resolve("bare"));
        Files.createDirectory(root.resolve("cur"));
        Files.createDirectory(root.resolve("new"));
        Maildir md = Maildir.open(root);
        assertTrue(md.deliver(Envelope.of("s@x", "b@x"), bytes("x\n"), OPTIONS).delivered());
        assertTrue(Files.isDirectory(root.resolve("tmp")));
    }

    @Test
    void list_newThenCur_sortedByName_flagsAndKeywords_dovecotFilesIgnored() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Path p = md.path();
        Files.writeString(p.resolve("cur/200.M1P1.h,S=3:2,FRSb"), "c1\n");
        Files.writeString(p.resolve("cur/100.M1P1.h:2,"), "c0\n");
        Files.writeString(p.resolve("new/300.M1P1.h"), "n1\n");
        Files.writeString(p.resolve("new/250.M1P1.h"), "n0\n");
        Files.writeString(p.resolve("cur/.hidden"), "x\n");
        Files.writeString(p.resolve("cur/weird name without info"), "w\n");
        Files.writeString(p.resolve("cur/bad:2,xyz!?"), "b\n");
        Files.createDirectory(p.resolve("cur/subdir"));
        for (String f : new String[] {"dovecot-uidlist", "dovecot.index", "dovecot.index.log", "subscriptions",
            "dovecot-uidvalidity"}) {
            Files.writeString(p.resolve(f), "3 V1 N2\n");
        }
        Files.writeString(p.resolve("dovecot-keywords"), "0 $Forwarded\n1 Junk\ngarbage line\n");
        List<MaildirMessage> all = md.list();
        assertEquals(List.of("250.M1P1.h", "300.M1P1.h", "100.M1P1.h:2,", "200.M1P1.h,S=3:2,FRSb", "bad:2,xyz!?",
                "weird name without info"), all.stream().map(MaildirMessage::name).toList());
        MaildirMessage flagged = all.get(3);
        assertEquals(Set.of(Flag.FLAGGED, Flag.REPLIED, Flag.SEEN), flagged.flags().flags());
        assertEquals(Set.of("Junk"), flagged.flags().keywords());
        assertFalse(flagged.flags().recent());
        assertTrue(all.get(0).flags().recent());
        assertEquals(OptionalLong.of(3), flagged.sizeField());
        assertEquals("200.M1P1.h,S=3", flagged.baseName());
        assertTrue(all.get(4).flags().flags().isEmpty());
        assertEquals(6, md.count() - 1); // count() does not stat, so it sees the subdirectory too
        assertEquals(Map.of('a', "$Forwarded", 'b', "Junk"), md.keywords());
    }

    @Test
    void setFlags_atomicRenameAsciiOrder_keepsMtime_addsKeywords() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        assertTrue(md.deliver(Envelope.of("s@x", "b@x"), bytes("x\n"), OPTIONS).delivered());
        MaildirMessage m = md.list().get(0);
        Instant old = Instant.parse("2001-02-03T04:05:06Z");
        Files.setLastModifiedTime(m.path(), FileTime.from(old));
        MaildirMessage cur = md.moveToCur(md.list().get(0));
        assertEquals(m.baseName() + ":2,", cur.name());
        MaildirMessage f = md.setFlags(cur, MessageFlags.of(Flag.TRASHED, Flag.SEEN, Flag.DRAFT, Flag.PASSED)
                .withKeywords(Set.of("Work", "$Label1")));
        assertEquals(m.baseName() + ":2,DPSTab", f.name());
        assertEquals("0 $Label1\n1 Work\n", Files.readString(md.path().resolve("dovecot-keywords")));
        assertEquals(old, Files.getLastModifiedTime(f.path()).toInstant());
        assertEquals(Set.of("Work", "$Label1"), md.list().get(0).flags().keywords());
        assertFalse(Files.exists(cur.path()));
    }

    @Test
    void add_keepsDateAsMtime_flaggedGoesToCur() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Instant date = Instant.parse("2016-01-02T22:26:51Z");
        MaildirMessage a = md.add(bytes("S: a\n\nx\n"), MessageFlags.of(Flag.SEEN), date, OPTIONS);
        MaildirMessage b = md.add(bytes("S: b\n\nx\n"), MessageFlags.NONE, date, OPTIONS);
        assertFalse(a.inNew());
        assertTrue(a.name().endsWith(":2,S"));
        assertTrue(b.inNew());
        assertEquals(date, Files.getLastModifiedTime(a.path()).toInstant());
    }

    @Test
    void folders_maildirPlusPlus() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Maildir sub = md.createFolder("Archive.2026");
        md.createFolder("Sent");
        Files.createDirectories(md.path().resolve(".notafolder"));
        assertTrue(Files.exists(sub.path().resolve("maildirfolder")));
        assertEquals(List.of("Archive.2026", "Sent"), md.folders());
        assertEquals(sub.path(), md.folder("Archive.2026").path());
        assertThrows(IllegalArgumentException.class, () -> md.folder("../etc"));
        assertThrows(IllegalArgumentException.class, () -> md.createFolder(".x"));
    }

    @Test
    void quota_maildirsizeCheckedAndUpdated() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        md.deliver(Envelope.of("s@x", "b@x"), bytes("x\n"), OPTIONS);
        MaildirQuota q = md.setQuota(200, 0);
        assertEquals(1, q.usedMessages());
        assertTrue(md.deliver(Envelope.of("s@x", "b@x"), bytes("y\n"), OPTIONS).delivered());
        MaildirQuota after = md.quota().orElseThrow();
        assertEquals(2, after.usedMessages());
        assertEquals(q.usedBytes() * 2, after.usedBytes());
        DeliveryResult r = md.deliver(Envelope.of("s@x", "b@x"), bytes("z".repeat(150)), OPTIONS);
        assertEquals("5.2.2", r.dsn());
        assertEquals(2, md.count());
        Files.writeString(md.path().resolve("maildirsize"), "1000S,5C\n10 1\ntorn li\n-4 -1\n");
        assertEquals(new MaildirQuota(1000, 5, 6, 0), md.quota().orElseThrow());
    }

    @Test
    void cleanTmp_onlyOnRequest_onlyOldFiles() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Path old = Files.writeString(md.path().resolve("tmp/old"), "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(37))));
        Path fresh = Files.writeString(md.path().resolve("tmp/fresh"), "x");
        md.deliver(Envelope.of("s@x", "b@x"), bytes("x\n"), OPTIONS);
        assertTrue(Files.exists(old));
        assertEquals(List.of(old), md.cleanTmp(Maildir.STALE_TMP));
        assertTrue(Files.exists(fresh));
    }
}
