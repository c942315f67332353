package dev.mailroom.mailbox;

import dev.mailroom.mailbox.internal.Addresses;
import dev.mailroom.mailbox.internal.Dsn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Maildir (or one Maildir++ folder): its {@code new/}, {@code cur/} and {@code tmp/}
 * directories, the messages in them, their flags, subfolders and quota.
 *
 * <p>Deliveries follow Postfix {@code local(8)}/{@code virtual(8)} (POSTFIX-SEMANTICS F.2):
 * write to {@code tmp/} (mode 0600), fsync, hard-link into {@code new/} under a unique name
 * ({@link MaildirNaming}), remove the {@code tmp/} file. Flags are changed by an atomic
 * rename within {@code cur/}, which keeps the file's modification time (Dovecot's IMAP
 * internal date). Files that are not messages ({@code dovecot-uidlist}, {@code dovecot.index*},
 * {@code dovecot-keywords}, {@code subscriptions}, {@code maildirsize}, {@code maildirfolder})
 * live beside {@code cur/} and are never listed; in {@code new/} and {@code cur/}, names
 * starting with a dot are skipped. Stale files in {@code tmp/} are only removed by
 * {@link #cleanTmp(Duration)}.
 *
 * <p>Instances are immutable handles on a directory and safe for concurrent use; the
 * directory itself may change under them (other deliveries, other readers), as Maildir
 * intends: a message renamed by someone else between {@link #list()} and a read shows as
 * {@link NoSuchFileException}.
 */
public final class Maildir {

    /** Maildir's rule for {@code tmp/}: files older than 36 hours are left-overs. */
    public static final Duration STALE_TMP = Duration.ofHours(36);

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path dir;

    private Maildir(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens an existing Maildir.
     *
     * @throws IOException when {@code dir} has no {@code cur/} or {@code new/} directory
     *     (message says which is missing)
     */
    public static Maildir open(Path dir) throws IOException {
        for (String sub : new String[] {"cur", "new"}) {
            if (!Files.isDirectory(dir.resolve(sub))) {
                throw new NoSuchFileException(dir.toString(), null, "not a Maildir: no " + sub + "/ directory");
            }
        }
        return new Maildir(dir);
    }

    /** True when {@code dir} has {@code cur/} and {@code new/} directories. */
    public static boolean isMaildir(Path dir) {
        return Files.isDirectory(dir.resolve("cur")) && Files.isDirectory(dir.resolve("new"));
    }

    /**
     * Creates a Maildir (and its parents) with {@code new/}, {@code cur/} and {@code tmp/}
     * of mode 0700; existing directories are kept.
     *
     * @throws IOException when a directory cannot be created
     */
    public static Maildir create(Path dir) throws IOException {
        mkdirs(dir);
        for (String sub : new String[] {"tmp", "new", "cur"}) {
            mkdirs(dir.resolve(sub));
        }
        return new Maildir(dir);
    }

    private static void mkdirs(Path d) throws IOException {
        if (Files.isDirectory(d)) {
            return;
        }
        Path parent = d.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            mkdirs(parent);
        }
        try {
            Files.createDirectory(d, DIR_MODE);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(d)) {
                throw e;
            }
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(d);
        }
    }

    /** The Maildir's directory. */
    public Path path() {
        return dir;
    }

    // ---------------------------------------------------------------- reading

    /**
     * The messages: those of {@code new/} then those of {@code cur/}, each sorted by file
     * name (in Unicode code point order, which is the byte order of their UTF-8 names); names
     * starting with a dot are skipped. The listing reads the directories, not the files, as
     * Dovecot does (decision 76): a name with a {@code ,S=} field gives the message's size;
     * only a name without one costs an {@code lstat}, which also leaves out what is not a
     * regular file and what vanished meanwhile (renamed by another client). A name with
     * {@code ,S=} that is not a regular file is listed, and reading it fails
     * ({@link #headers}, {@link #open} and {@link #read} do not follow symbolic links).
     *
     * @throws IOException when a directory cannot be read
     */
    public List<MaildirMessage> list() throws IOException {
        Map<Character, String> keywords = keywords();
        List<MaildirMessage> out = new ArrayList<>();
        list(true, keywords, out);
        list(false, keywords, out);
        return out;
    }

    /** Adds the messages of {@code new/} or {@code cur/} to {@code out}. */
    private void list(boolean inNew, Map<Character, String> keywords, List<MaildirMessage> out) throws IOException {
        Path sub = dir.resolve(inNew ? "new" : "cur");
        // one native call gives all names; it cannot say why it failed, and names that are not
        // valid in the platform encoding come back with U+FFFD: the Path listing handles both
        String[] names = new java.io.File(sub.toString()).list();
        if (names == null || hasReplacement(names)) {
            listPaths(sub, inNew, keywords, out);
            return;
        }
        sortNames(names);
        for (String name : names) {
            if (name.charAt(0) != '.') {
                MaildirMessage m = listed(sub, name, null, inNew, keywords);
                if (m != null) {
                    out.add(m);
                }
            }
        }
    }

    /** The messages of {@code sub} through a {@link DirectoryStream}, which keeps each name's bytes. */
    private static void listPaths(Path sub, boolean inNew, Map<Character, String> keywords, List<MaildirMessage> out)
            throws IOException {
        List<MaildirMessage> part = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sub)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    MaildirMessage m = listed(sub, name, name.indexOf('\uFFFD') >= 0 ? p : null, inNew, keywords);
                    if (m != null) {
                        part.add(m);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        part.sort((x, y) -> compareCodePoints(x.name(), y.name()));
        out.addAll(part);
    }

    /**
     * The message of one listed name: from the name alone when it has a {@code ,S=} field,
     * else after an {@code lstat}; null when that shows no regular file (or none at all).
     */
    private static MaildirMessage listed(Path sub, String name, Path rawPath, boolean inNew,
            Map<Character, String> keywords) throws IOException {
        long sizeField = sizeField(name);
        if (sizeField >= 0) {
            return describe(sub, name, rawPath, inNew, sizeField, null, keywords);
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(rawPath != null ? rawPath : sub.resolve(name), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        return a.isRegularFile()
                ? describe(sub, name, rawPath, inNew, a.size(), a.lastModifiedTime().toInstant(), keywords)
                : null;
    }

    private static boolean hasReplacement(String[] names) {
        for (String n : names) {
            if (n.indexOf('\uFFFD') >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sorts in code point order: the natural {@link String} order (fast) when no name has a
     * surrogate, where both orders agree, else {@link #compareCodePoints}.
     */
    private static void sortNames(String[] names) {
        for (String n : names) {
            for (int k = 0; k < n.length(); k++) {
                if (Character.isSurrogate(n.charAt(k))) {
                    java.util.Arrays.sort(names, Maildir::compareCodePoints);
                    return;
                }
            }
        }
        java.util.Arrays.sort(names);
    }

    /** Compares by code points (UTF-16 order puts surrogates below U+E000; this does not). */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int k = 0; k < n; k++) {
            char x = a.charAt(k);
            char y = b.charAt(k);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    x = (char) (x >= 0xE000 ? x - 0x800 : x + 0x2000);
                    y = (char) (y >= 0xE000 ? y - 0x800 : y + 0x2000);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** The number of messages (files in {@code new/} and {@code cur/}), without stat calls. */
    public int count() throws IOException {
        int n = 0;
        for (String s : new String[] {"new", "cur"}) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve(s))) {
                for (Path p : ds) {
                    if (!p.getFileName().toString().startsWith(".")) {
                        n++;
                    }
                }
            } catch (NoSuchFileException e) {
                // a Maildir missing new/ has no new messages
            }
        }
        return n;
    }

    /** The message at {@code p}, a file of {@code new/} or {@code cur/} (after a delivery or rename). */
    static MaildirMessage describe(Path p, boolean inNew, long size, Instant mtime, Map<Character, String> kwMap) {
        return describe(p.getParent(), p.getFileName().toString(), null, inNew, size, mtime, kwMap);
    }

    /** The message named {@code name} in {@code sub}; {@code mtime} null leaves the time to be read when asked. */
    static MaildirMessage describe(Path sub, String name, Path rawPath, boolean inNew, long size, Instant mtime,
            Map<Character, String> kwMap) {
        int colon = name.indexOf(':');
        int baseEnd = colon < 0 ? name.length() : colon;
        int flagBits = 0;
        TreeSet<String> kws = null;
        if (colon >= 0 && name.startsWith(":2,", colon)) {
            for (int k = colon + 3; k < name.length(); k++) {
                char c = name.charAt(k);
                if (c >= 'a' && c <= 'z') {
                    String kw = kwMap.get(c);
                    if (kw != null) {
                        if (kws == null) {
                            kws = new TreeSet<>();
                        }
                        kws.add(kw);
                    }
                } else if (c >= 'A' && c <= 'Z' && LETTER_FLAGS[c - 'A'] != null) {
                    flagBits |= 1 << LETTER_FLAGS[c - 'A'].ordinal();
                }
            }
        }
        long s = nameField(name, baseEnd, 'S');
        long w = nameField(name, baseEnd, 'W');
        MessageFlags mf;
        if (kws == null) {
            mf = shared(flagBits, inNew);
        } else {
            EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
            for (Flag f : Flag.values()) {
                if ((flagBits & 1 << f.ordinal()) != 0) {
                    flags.add(f);
                }
            }
            mf = new MessageFlags(flags, kws, inNew);
        }
        return new MaildirMessage(sub, name, rawPath, inNew, mf, size, s, w, mtime);
    }

    /** The {@code ,S=} field of a name, or -1 (as {@link #describe} reads it). */
    static long sizeField(String name) {
        int colon = name.indexOf(':');
        return nameField(name, colon < 0 ? name.length() : colon, 'S');
    }

    /**
     * The number of the last {@code key=} field among the comma-separated fields of
     * {@code name[0, baseEnd)}, or -1 (also when that field is not a number).
     */
    private static long nameField(String name, int baseEnd, char key) {
        long v = -1;
        for (int f = 0; f <= baseEnd; ) {
            int comma = name.indexOf(',', f);
            int end = comma < 0 || comma > baseEnd ? baseEnd : comma;
            if (f + 2 <= end && name.charAt(f) == key && name.charAt(f + 1) == '=') {
                v = number(name, f + 2, end);
            }
            f = end + 1;
        }
        return v;
    }

    /** The system flag of each upper-case letter, or null. */
    private static final Flag[] LETTER_FLAGS = new Flag[26];

    static {
        for (Flag f : Flag.values()) {
            if (f.letter() >= 'A' && f.letter() <= 'Z') {
                LETTER_FLAGS[f.letter() - 'A'] = f;
            }
        }
    }

    /** One instance per combination of flags without keywords: listings of large Maildirs share them. */
    private static final MessageFlags[] SHARED = new MessageFlags[2 << Flag.values().length];

    private static MessageFlags shared(int flagBits, boolean recent) {
        int key = flagBits << 1 | (recent ? 1 : 0);
        MessageFlags m = SHARED[key];
        if (m == null) {
            EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
            for (Flag f : Flag.values()) {
                if ((flagBits & 1 << f.ordinal()) != 0) {
                    flags.add(f);
                }
            }
            m = new MessageFlags(flags, new TreeSet<>(), recent);
            SHARED[key] = m;
        }
        return m;
    }

    /** The decimal number in {@code v[from, to)} (Unicode digits allowed, at most 18), or -1. */
    private static long number(String v, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        for (int k = from; k < to; k++) {
            if (!Character.isDigit(v.charAt(k))) {
                return -1;
            }
        }
        return Long.parseLong(v, from, to, 10);
    }

    /**
     * Opens a message's file (the bytes as stored: a Maildir file needs no unquoting). A
     * symbolic link is not followed: opening one fails.
     */
    public InputStream open(MaildirMessage m) throws IOException {
        return Files.newInputStream(m.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** Reads a message's file (not through a symbolic link, as {@link #open}). */
    public byte[] read(MaildirMessage m) throws IOException {
        try (InputStream in = open(m)) {
            return in.readAllBytes();
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw named(m, e);
        }
    }

    /** {@code e} (e.g. "Is a directory", which names no file) as a failure that names the file. */
    private static FileSystemException named(MaildirMessage m, IOException e) {
        FileSystemException f = new FileSystemException(m.path().toString(), null, e.getMessage());
        f.initCause(e);
        return f;
    }

    /**
     * Reads a message's header fields (see {@link HeaderFields#read(InputStream)} for what is
     * read and the limits): the file is opened and read in blocks only up to the empty line
     * that ends its header section, usually with one {@code read} call. This is the way to
     * read the headers of many messages (a listing); {@link #open} is for the whole message.
     * A symbolic link is not followed, as by {@link #open}.
     *
     * @throws IOException when the file cannot be read ({@link NoSuchFileException} when
     *     another client renamed or removed it since it was listed)
     */
    public HeaderFields headers(MaildirMessage m) throws IOException {
        try (FileChannel ch = FileChannel.open(m.path(), READ_NO_LINK)) {
            return HeaderFields.read(ch);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw named(m, e);
        }
    }

    /** The options {@link #headers} opens a message with. */
    private static final Set<java.nio.file.OpenOption> READ_NO_LINK =
            Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    // ---------------------------------------------------------------- flags

    /**
     * The keyword letters of Dovecot's {@code dovecot-keywords} file ({@code a} for the
     * keyword on line {@code 0}, ... {@code z} for 25); empty when there is none. Lines that
     * do not read {@code <number> <keyword>} are ignored.
     */
    public Map<Character, String> keywords() throws IOException {
        Path f = dir.resolve("dovecot-keywords");
        Map<Character, String> map = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return map;
        } catch (java.nio.charset.CharacterCodingException e) {
            return map;
        }
        for (String line : lines) {
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length == 2 && parts[0].matches("\\d{1,2}")) {
                int idx = Integer.parseInt(parts[0]);
                if (idx < 26) {
                    map.put((char) ('a' + idx), parts[1]);
                }
            }
        }
        return map;
    }

    /**
     * Moves a message from {@code new/} to {@code cur/}, keeping its flags (an empty
     * {@code :2,} info part is added); a message already in {@code cur/} is returned as is.
     *
     * @throws IOException when the rename fails (e.g. another client moved it already)
     */
    public MaildirMessage moveToCur(MaildirMessage m) throws IOException {
        if (!m.inNew()) {
            return m;
        }
        return setFlags(m, m.flags().withRecent(false));
    }

    /**
     * Sets a message's flags and keywords by renaming it to
     * {@code cur/<base>:2,<letters>}, letters in ASCII order (upper-case system flags, then
     * Dovecot keyword letters, adding keywords to {@code dovecot-keywords} as needed). The
     * rename is atomic and keeps the modification time; a message in {@code new/} moves to
     * {@code cur/}.
     *
     * @throws IOException when the rename fails
     * @throws IllegalStateException when more than 26 keywords would be needed
     */
    public MaildirMessage setFlags(MaildirMessage m, MessageFlags flags) throws IOException {
        String letters = flags.letters() + keywordLetters(flags.keywords());
        char[] sorted = letters.toCharArray();
        java.util.Arrays.sort(sorted);
        String name = m.baseName() + ":2," + new String(sorted);
        Path target = dir.resolve("cur").resolve(name);
        if (!target.equals(m.path())) {
            Files.move(m.path(), target, StandardCopyOption.ATOMIC_MOVE);
        }
        return describe(target, false, m.size(), m.knownModified(), keywords());
    }

    private String keywordLetters(Set<String> wanted) throws IOException {
        if (wanted.isEmpty()) {
            return "";
        }
        Map<Character, String> map = keywords();
        StringBuilder sb = new StringBuilder();
        boolean changed = false;
        for (String kw : wanted) {
            Character letter = null;
            for (Map.Entry<Character, String> e : map.entrySet()) {
                if (e.getValue().equals(kw)) {
                    letter = e.getKey();
                }
            }
            if (letter == null) {
                for (char c = 'a'; c <= 'z' && letter == null; c++) {
                    if (!map.containsKey(c)) {
                        letter = c;
                    }
                }
                if (letter == null) {
                    throw new IllegalStateException("more than 26 keywords in " + dir.resolve("dovecot-keywords"));
                }
                map.put(letter, kw);
                changed = true;
            }
            sb.append(letter);
        }
        if (changed) {
            StringBuilder file = new StringBuilder();
            for (Map.Entry<Character, String> e : map.entrySet()) {
                file.append(e.getKey() - 'a').append(' ').append(e.getValue()).append('\n');
            }
            Path tmp = dir.resolve("dovecot-keywords." + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet());
            Files.writeString(tmp, file);
            Files.move(tmp, dir.resolve("dovecot-keywords"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return sb.toString();
    }

    /**
     * Removes a message's file.
     *
     * @throws IOException when it cannot be removed
     */
    public void delete(MaildirMessage m) throws IOException {
        Files.delete(m.path());
        recordQuota(-m.size(), -1);
    }

    // ---------------------------------------------------------------- delivery

    /**
     * Delivers a message as Postfix does: {@code Return-Path:}, {@code X-Original-To:},
     * {@code Delivered-To:} (as the options say), the message unquoted, a newline added if
     * its last line lacks one; written to {@code tmp/}, fsynced, linked into {@code new/}.
     * Missing {@code tmp/}, {@code new/}, {@code cur/} are created (mode 0700). A
     * {@code maildirsize} quota, when present, is checked and updated.
     *
     * @return the outcome with Postfix's status; failures leave no file behind
     */
    public DeliveryResult deliver(Envelope envelope, byte[] message, DeliveryOptions options) {
        Objects.requireNonNull(envelope, "envelope");
        if (options.messageSizeLimit() > 0 && message.length > options.messageSizeLimit()) {
            return DeliveryResult.failed("5.3.4", "message file too big", dir);
        }
        StringBuilder h = new StringBuilder();
        h.append("Return-Path: <").append(Addresses.quote(envelope.sender())).append(">\n");
        if (options.originalRecipientHeader() && !envelope.originalRecipient().isEmpty()) {
            h.append("X-Original-To: ").append(envelope.originalRecipient()).append('\n');
        }
        if (options.deliveredToHeader()) {
            h.append("Delivered-To: ").append(Addresses.quote(envelope.recipient())).append('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + h.length() + 1);
        out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(message);
        if (message.length > 0 && message[message.length - 1] != '\n') {
            out.write('\n');
        }
        try {
            MaildirMessage m = write(out.toByteArray(), MessageFlags.NONE, options.clock().instant(), null, options);
            return DeliveryResult.delivered(m.path(), "delivered to maildir");
        } catch (DeliveryFailure e) {
            return DeliveryResult.failed(e.dsn, "maildir delivery failed: " + e.getMessage(), dir);
        }
    }

    /**
     * Adds a message as a conversion does: the bytes as given, the modification time set to
     * {@code date}, in {@code new/} when {@code flags} is recent and has no flag, else in
     * {@code cur/} with its flags.
     *
     * @throws IOException when it cannot be written; no file is left behind
     */
    public MaildirMessage add(byte[] message, MessageFlags flags, Instant date, DeliveryOptions options)
            throws IOException {
        try {
            return write(message, flags, date, date, options);
        } catch (DeliveryFailure e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
    }

    private static final class DeliveryFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String dsn;

        DeliveryFailure(String dsn, String message, Throwable cause) {
            super(message, cause);
            this.dsn = dsn;
        }
    }

    private MaildirMessage write(byte[] content, MessageFlags flags, Instant now, Instant mtime,
            DeliveryOptions options) throws DeliveryFailure {
        if (options.mailboxSizeLimit() > 0 && content.length > options.mailboxSizeLimit()) {
            throw new DeliveryFailure("5.2.2", "error writing message: File too large", null);
        }
        Optional<MaildirQuota> quota;
        try {
            quota = quota();
        } catch (IOException e) {
            quota = Optional.empty();
        }
        if (quota.isPresent() && quota.get().wouldExceed(content.length)) {
            throw new DeliveryFailure("5.2.2", "Quota exceeded (mailbox for user is full)", null);
        }
        long sec = now.getEpochSecond();
        long usec = now.getNano() / 1000;
        long pid = ProcessHandle.current().pid();
        long q = COUNTER.incrementAndGet();
        String host = safeHost(options.hostname());
        String tmpName = sec + ".P" + pid + "Q" + q + "." + host;
        Path tmp = dir.resolve("tmp").resolve(tmpName);
        try {
            createAndWrite(tmp, content);
        } catch (IOException e) {
            delete(tmp);
            throw new DeliveryFailure(Dsn.of(e, "5.2.0"), "create maildir file " + tmp + ": " + Dsn.text(e), e);
        }
        String name;
        try {
            if (options.maildirNaming() == MaildirNaming.POSTFIX) {
                long dev = ((Number) Files.getAttribute(tmp, "unix:dev")).longValue();
                long ino = ((Number) Files.getAttribute(tmp, "unix:ino")).longValue();
                name = sec + ".V" + Long.toHexString(dev) + "I" + Long.toHexString(ino) + "M" + usec + "." + host;
            } else {
                name = sec + ".M" + usec + "P" + pid + "Q" + q + "." + host + ",S=" + content.length
                        + ",W=" + (content.length + bareLfCount(content));
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            name = sec + ".M" + usec + "P" + pid + "Q" + q + "." + host;
        }
        boolean toNew = flags.recent() && flags.flags().isEmpty() && flags.keywords().isEmpty();
        try {
            if (mtime != null) {
                Files.setLastModifiedTime(tmp, FileTime.from(mtime));
            }
            String finalName = toNew ? name : name + ":2," + sortedLetters(flags);
            Path target = dir.resolve(toNew ? "new" : "cur").resolve(finalName);
            linkOrRename(tmp, target);
            syncDir(target.getParent());
            recordQuota(content.length, 1);
            Instant mt = mtime != null ? mtime : Files.getLastModifiedTime(target).toInstant();
            return describe(target, toNew, content.length, mt, keywords());
        } catch (IOException e) {
            delete(tmp);
            throw new DeliveryFailure(Dsn.of(e, "5.2.0"), "link maildir file " + tmp + ": " + Dsn.text(e), e);
        }
    }

    private String sortedLetters(MessageFlags flags) throws IOException {
        char[] c = (flags.letters() + keywordLetters(flags.keywords())).toCharArray();
        java.util.Arrays.sort(c);
        return new String(c);
    }

    private void createAndWrite(Path tmp, byte[] content) throws IOException {
        Set<StandardOpenOption> opts = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileChannel opened;
        try {
            opened = FileChannel.open(tmp, opts, FILE_MODE);
        } catch (NoSuchFileException e) {
            mkdirs(tmp.getParent());
            opened = FileChannel.open(tmp, opts, FILE_MODE);
        }
        try (FileChannel ch = opened) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    private void linkOrRename(Path tmp, Path target) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                try {
                    Files.createLink(target, tmp);
                    Files.delete(tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (FileSystemException e) {
                    if (e instanceof NoSuchFileException) {
                        throw e;
                    }
                    // EPERM/EXDEV: a file system without hard links
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
                return;
            } catch (NoSuchFileException e) {
                if (attempt > 0 || !Files.exists(tmp)) {
                    throw e;
                }
                mkdirs(dir.resolve("cur"));
                mkdirs(dir.resolve("new"));
            }
        }
    }

    private static void syncDir(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can fsync a directory; the rename is still atomic
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: stale tmp files are cleaned by cleanTmp
        }
    }

    static long bareLfCount(byte[] content) {
        long n = 0;
        for (int k = 0; k < content.length; k++) {
            if (content[k] == '\n' && (k == 0 || content[k - 1] != '\r')) {
                n++;
            }
        }
        return n;
    }

    private static String safeHost(String host) {
        return host.replace("/", "\\057").replace(":", "\\072");
    }

    // ---------------------------------------------------------------- tmp/, quota, folders

    /**
     * Removes files in {@code tmp/} not modified for {@code age} (use {@link #STALE_TMP}).
     *
     * @return the files removed
     * @throws IOException when {@code tmp/} cannot be read
     */
    public List<Path> cleanTmp(Duration age) throws IOException {
        Instant cutoff = Instant.now().minus(age);
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("tmp"))) {
            for (Path p : ds) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff)) {
                        Files.delete(p);
                        removed.add(p);
                    }
                } catch (NoSuchFileException e) {
                    // gone meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return removed;
    }

    /**
     * The Maildir++ quota of {@code maildirsize}, when the file exists. Malformed lines are
     * skipped.
     *
     * @throws IOException when it exists but cannot be read
     */
    public Optional<MaildirQuota> quota() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("maildirsize"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.of(new MaildirQuota(0, 0, 0, 0));
        }
        long limitBytes = 0;
        long limitCount = 0;
        for (String part : lines.get(0).split(",")) {
            String p = part.strip();
            if (p.endsWith("S") && p.length() > 1) {
                limitBytes = parseOr0(p.substring(0, p.length() - 1));
            } else if (p.endsWith("C") && p.length() > 1) {
                limitCount = parseOr0(p.substring(0, p.length() - 1));
            }
        }
        long used = 0;
        long count = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2) {
                try {
                    used += Long.parseLong(f[0]);
                    count += Long.parseLong(f[1]);
                } catch (NumberFormatException e) {
                    // a torn line: skipped
                }
            }
        }
        return Optional.of(new MaildirQuota(limitBytes, limitCount, used, count));
    }

    private static long parseOr0(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Creates a {@code maildirsize} file with these limits (0 for none) and the current usage
     * of this Maildir (the sizes of the files in {@code new/} and {@code cur/}).
     */
    public MaildirQuota setQuota(long limitBytes, long limitMessages) throws IOException {
        long bytes = 0;
        long count = 0;
        for (MaildirMessage m : list()) {
            bytes += m.size();
            count++;
        }
        List<String> def = new ArrayList<>();
        if (limitBytes > 0) {
            def.add(limitBytes + "S");
        }
        if (limitMessages > 0) {
            def.add(limitMessages + "C");
        }
        String text = String.join(",", def) + "\n" + bytes + " " + count + "\n";
        Path tmp = dir.resolve("tmp").resolve("maildirsize." + ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet());
        Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
        Files.move(tmp, dir.resolve("maildirsize"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new MaildirQuota(limitBytes, limitMessages, bytes, count);
    }

    private void recordQuota(long bytes, long count) throws IOException {
        Path f = dir.resolve("maildirsize");
        if (!Files.exists(f)) {
            return;
        }
        // one short O_APPEND write per change, as Maildir++ prescribes
        Files.writeString(f, bytes + " " + count + "\n", StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
    }

    /**
     * The Maildir++ subfolders: directories named {@code .Folder} or {@code .Folder.Sub}
     * holding a {@code cur/}, returned without the leading dot ({@code Folder.Sub}), sorted.
     */
    public List<String> folders() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.length() > 1 && !n.equals("..") && Files.isDirectory(p.resolve("cur"))) {
                    out.add(n.substring(1));
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    /**
     * A Maildir++ subfolder of this (root) Maildir.
     *
     * @param name the folder name with {@code .} between levels, e.g. {@code Archive.2026}
     * @throws IllegalArgumentException when the name is empty, starts or ends with a dot or
     *     contains {@code /}
     * @throws IOException when the folder does not exist
     */
    public Maildir folder(String name) throws IOException {
        return open(dir.resolve("." + checkFolder(name)));
    }

    /**
     * Creates a Maildir++ subfolder (with its {@code maildirfolder} marker file), or opens it
     * when it exists.
     */
    public Maildir createFolder(String name) throws IOException {
        Path f = dir.resolve("." + checkFolder(name));
        Maildir m = create(f);
        Path marker = f.resolve("maildirfolder");
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
        return m;
    }

    private static String checkFolder(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("/")
                || name.contains("..")) {
            throw new IllegalArgumentException("bad Maildir++ folder name: \"" + name + "\"");
        }
        return name;
    }

    @Override
    public String toString() {
        return "Maildir[" + dir + "]";
    }
}
