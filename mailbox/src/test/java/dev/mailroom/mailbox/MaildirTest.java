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

    @Test
    void list_sizeIsTheNamesSizeField_elseTheFiles_modifiedIsTheFiles_andListingsAreEqualValues() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Path p = md.path();
        String[] names = {"new/1.M1P1.h", "new/2.M2P1.h,S=9", "cur/3.M3P1.h,S=4,W=5:2,S", "cur/4.x:2,", "cur/5 odd"};
        for (int k = 0; k < names.length; k++) {
            Path f = Files.writeString(p.resolve(names[k]), "Subject: " + k + "\n\n" + "b".repeat(k * 100));
            Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00.123456789Z").plusSeconds(k)));
        }
        List<MaildirMessage> all = md.list();
        assertEquals(names.length, all.size());
        for (int k = 0; k < names.length; k++) {
            MaildirMessage m = all.get(k);
            assertEquals(p.resolve(names[k]), m.path());
            assertEquals(m.sizeField().orElse(Files.size(m.path())), m.size(), names[k]);
            assertEquals(Files.getLastModifiedTime(m.path()).toInstant(), m.modified(), names[k]);
            assertEquals(names[k].startsWith("new/"), m.inNew());
        }
        assertEquals(OptionalLong.of(9), all.get(1).sizeField()); // the name says 9, the file has 112 bytes
        assertEquals(9, all.get(1).size()); // as Dovecot and the Maildir++ quota take it
        assertEquals("Subject: 0\n\n".length(), all.get(0).size()); // no ,S=: the file's size
        assertEquals(all, md.list());
        assertEquals(all.get(2).hashCode(), md.list().get(2).hashCode());
        assertFalse(all.get(0).equals(all.get(1)));
        assertTrue(all.get(2).toString().contains("sizeField=OptionalLong[4]"), all.get(2).toString());
    }

    @Test
    void list_readsNoFileWhoseNameHasASizeField_andStatsTheOthers() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Path p = md.path();
        // entries no stat would list as messages: only a name without ,S= is looked at
        Files.createDirectory(p.resolve("cur/1.dir,S=5:2,"));
        Files.createSymbolicLink(p.resolve("cur/2.dangling,S=5:2,"), p.resolve("nowhere"));
        Files.createDirectory(p.resolve("cur/3.dir:2,"));
        Files.createSymbolicLink(p.resolve("cur/4.link:2,"), p.resolve("nowhere"));
        Files.writeString(p.resolve("cur/5.file:2,S"), "Subject: x\n\n");
        List<String> listed = md.list().stream().map(MaildirMessage::name).toList();
        assertEquals(List.of("1.dir,S=5:2,", "2.dangling,S=5:2,", "5.file:2,S"), listed);
        assertEquals(5, md.list().get(1).size());
    }

    @Test
    void reading_refusesWhatIsNotARegularFile_namingTheFile() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Path p = md.path();
        Path secret = Files.writeString(dir.resolve("secret"), "Subject: not yours\n\nsecret\n");
        Files.createSymbolicLink(p.resolve("cur/1.link,S=27:2,"), secret);
        Files.createDirectory(p.resolve("cur/2.dir,S=5:2,"));
        List<MaildirMessage> all = md.list();
        for (MaildirMessage m : all) {
            IOException h = assertThrows(IOException.class, () -> md.headers(m));
            assertTrue(h.getMessage().contains(m.path().toString()), h.getMessage());
            IOException r = assertThrows(IOException.class, () -> md.read(m));
            assertTrue(r.getMessage().contains(m.path().toString()), r.getMessage());
        }
        assertThrows(IOException.class, () -> md.open(all.get(0)));
    }

    @Test
    void modified_isReadOnFirstCall_thenKept_andFailsWhenTheFileIsGone() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        Path f = Files.writeString(md.path().resolve("cur/1.M1P1.h,S=3:2,"), "x\n\n");
        Instant first = Instant.parse("2021-05-06T07:08:09.5Z");
        Files.setLastModifiedTime(f, FileTime.from(first));
        MaildirMessage m = md.list().get(0);
        MaildirMessage unread = md.list().get(0);
        assertTrue(m.toString().contains("modified=not read"), m.toString());
        assertEquals(first, m.modified());
        Files.setLastModifiedTime(f, FileTime.from(first.plusSeconds(60)));
        assertEquals(first, m.modified()); // kept
        MaildirMessage flagged = md.setFlags(m, m.flags().with(Flag.FLAGGED));
        assertEquals(first, flagged.modified()); // carried over the rename, not read again
        assertThrows(NoSuchFileException.class, unread::modified); // its name is gone
        assertEquals(first.plusSeconds(60), md.list().get(0).modified());
    }

    @Test
    void headers_readsTheHeaderSectionOnly_asHeaderFieldsReadDoes() throws IOException {
        Maildir md = Maildir.create(dir.resolve("M"));
        String longValue = "v".repeat(9000); // more than one 4 KiB read
        String[] texts = {"Subject: plain\nReturn-Path: <a@x>\n\nbody\nSubject: not a header\n",
            "Subject: crlf\r\n folded\r\n\r\nbody\r\n", "X-Long: " + longValue + "\nSubject: after\n\nb\n",
            "Subject: no body and no empty line", "", "\nSubject: in the body\n"};
        for (int k = 0; k < texts.length; k++) {
            Files.writeString(md.path().resolve("cur/" + k + ".h:2,"), texts[k], ISO_8859_1);
        }
        List<MaildirMessage> all = md.list();
        for (int k = 0; k < texts.length; k++) {
            assertEquals(HeaderFields.read(new java.io.ByteArrayInputStream(bytes(texts[k]))), md.headers(all.get(k)),
                    "message " + k);
        }
        assertEquals(java.util.Optional.of("plain"), md.headers(all.get(0)).first("subject"));
        assertEquals(java.util.Optional.of("crlf folded"), md.headers(all.get(1)).first("SUBJECT"));
        assertEquals(java.util.Optional.of("after"), md.headers(all.get(2)).first("Subject"));
        assertTrue(md.headers(all.get(5)).fields().isEmpty());
        Files.delete(all.get(0).path());
        assertThrows(NoSuchFileException.class, () -> md.headers(all.get(0)));
    }

    @Test
    void compareCodePoints_isTheByteOrderOfUtf8Names() {
        String[] samples = {"a", "b", "ab", "", "\u00e9", "\uFF21", "\uE000", "\uD83D\uDE00", "\uD800\uDC00", "z\uFFFD",
            "1700000000.M1P1.h", "1700000000.M1P1.h:2,S", "1700000000.M10P1.h", "\u0130x", "x\uD83D\uDE00y"};
        for (String a : samples) {
            for (String b : samples) {
                int bytes = java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(Integer.signum(bytes), Integer.signum(Maildir.compareCodePoints(a, b)), a + " vs " + b);
            }
        }
    }

    @Test
    void headerFieldsFirst_ignoresAsciiCase_andFoldsOtherNamesAsLowerCaseDoes() {
        HeaderFields h = new HeaderFields(List.of(Map.entry("X-\u0130d", "dotted"), Map.entry("Sub", "short"),
                Map.entry("SUBJECT", "s"), Map.entry("\u00c9t\u00e9", "summer")));
        assertEquals(java.util.Optional.of("s"), h.first("subject"));
        assertEquals(java.util.Optional.of("short"), h.first("sub"));
        assertEquals(java.util.Optional.of("summer"), h.first("\u00e9T\u00c9"));
        assertEquals(java.util.Optional.of("dotted"), h.first("x-\u0130D"));
        assertEquals(java.util.Optional.empty(), h.first("subjec"));
        assertEquals(java.util.Optional.empty(), h.first("subjects"));
    }

    @Test
    void list_nameNotValidInThePlatformEncoding_keepsTheListedPath_headersAndReadWork() throws Exception {
        Maildir md = Maildir.create(dir.resolve("M"));
        // a name with bytes that are not UTF-8 (nor ASCII): Java cannot spell it, python3 can
        Process p = new ProcessBuilder("python3", "-c",
                "import sys,os\nopen(os.path.join(os.fsencode(sys.argv[1]), b'17.\\xff\\xfe.h:2,S'), 'wb')"
                + ".write(b'Subject: raw\\n\\nbody\\n')", md.path().resolve("cur").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), ISO_8859_1);
        assertEquals(0, p.waitFor(), out);
        MaildirMessage m = md.list().get(0);
        assertTrue(m.name().contains("\uFFFD"), m.name());
        assertTrue(Files.exists(m.path()), m.path().toString());
        assertEquals(Set.of(Flag.SEEN), m.flags().flags());
        assertEquals(java.util.Optional.of("raw"), md.headers(m).first("Subject"));
        assertEquals("Subject: raw\n\nbody\n", new String(md.read(m), ISO_8859_1));
    }
}
