package dev.mailroom.mailbox;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code From } separator line that starts each message of an mbox file: the envelope
 * sender and the delivery date.
 *
 * <p>{@link #parse(String)} reads the variants found in the wild:
 * <ul>
 *   <li>Postfix {@code local(8)} and Dovecot: {@code From sender  Sat Nov 21 20:49:20 2026}
 *       (local time, {@code asctime} form, two spaces before the date);</li>
 *   <li>a numeric or named zone before or after the year, as Gmail Takeout writes it
 *       ({@code From 1234@xxx Sat Jan 02 22:26:51 +0000 2016});</li>
 *   <li>UUCP's {@code remote from host} suffix, and times without seconds;</li>
 *   <li>Thunderbird's {@code From - Sat Nov 21 20:49:20 2026} and a missing sender
 *       ({@link #sender()} is then empty).</li>
 * </ul>
 * A line whose date cannot be recognised still parses: {@link #date()} is then empty and
 * {@link #dateText()} holds what followed the first word.
 *
 * <p>Values are immutable and equal when their lines are. The date of the common
 * {@code asctime} form is checked when the line is parsed and made into a
 * {@link LocalDateTime} on the first call of {@link #date()}, so a scan that reads only
 * senders makes no date objects.
 */
public final class FromLine {

    /** {@link #stamp} when the date and offset were given (or there is none). */
    private static final long NO_STAMP = -1;

    private final String line;
    private final String sender;
    /** The date text, or null when it is {@code line} from index {@link #dateStart} (the {@code asctime} form). */
    private final String dateText;
    private final int dateStart;
    private final String remoteFrom;
    /**
     * The fields of an {@code asctime} date, or {@link #NO_STAMP}: year from bit 32, month
     * (0 for January) from bit 22, day from 17, hour from 12, minute from 6, second from 0.
     */
    private final long stamp;
    private final Optional<ZoneOffset> offset;
    /** Made from {@link #stamp} on first use when null. */
    private Optional<LocalDateTime> date;

    private FromLine(String line, String sender, String dateText, String remoteFrom,
            Optional<LocalDateTime> date, Optional<ZoneOffset> offset) {
        this.line = line;
        this.sender = sender;
        this.dateText = dateText;
        this.dateStart = -1;
        this.remoteFrom = remoteFrom;
        this.stamp = NO_STAMP;
        this.date = date;
        this.offset = offset;
    }

    private FromLine(String line, String sender, int dateStart, long stamp) {
        this.line = line;
        this.sender = sender;
        this.dateText = null;
        this.dateStart = dateStart;
        this.remoteFrom = "";
        this.stamp = stamp;
        this.offset = Optional.empty();
    }

    /**
     * Parses a {@code From } line.
     *
     * @param line the line, with or without its line end
     * @return the parsed line
     * @throws IllegalArgumentException when the line does not start with {@code "From "}
     */
    public static FromLine parse(String line) {
        return tryParse(line).orElseThrow(() -> new IllegalArgumentException(
                "not an mbox From_ line (must start with \"From \"): " + abbreviate(line)));
    }

    /**
     * Parses a {@code From } line given as bytes, as an mbox file stores it: decoded as
     * UTF-8, malformed bytes replaced (as {@link String#String(byte[], int, int,
     * java.nio.charset.Charset)} does).
     *
     * @param bytes the bytes
     * @param offset where the line starts
     * @param length the line's length, with or without its line end
     * @return the parsed line
     * @throws IllegalArgumentException when the line does not start with {@code "From "}
     * @throws IndexOutOfBoundsException when the range is not inside {@code bytes}
     */
    public static FromLine parse(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        while (end > offset + 5 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        int n = end - offset;
        if (n < 5 || bytes[offset] != 'F' || bytes[offset + 1] != 'r' || bytes[offset + 2] != 'o'
                || bytes[offset + 3] != 'm' || bytes[offset + 4] != ' ') {
            throw new IllegalArgumentException("not an mbox From_ line (must start with \"From \"): "
                    + abbreviate(new String(bytes, offset, n, StandardCharsets.UTF_8)));
        }
        String line = new String(bytes, offset, n, StandardCharsets.UTF_8);
        if (line.length() == n) { // each byte is one character: the date can be read from the bytes
            FromLine fast = asctime(line, bytes, offset, n);
            if (fast != null) {
                return fast;
            }
        }
        return general(line, line.length());
    }

    /**
     * Parses a {@code From } line, or returns empty when {@code line} does not start with
     * {@code "From "}. Never throws for any other content.
     */
    public static Optional<FromLine> tryParse(String line) {
        if (!line.startsWith("From ")) {
            return Optional.empty();
        }
        int end = line.length();
        while (end > 5 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        FromLine fast = asctime(line, end);
        return fast != null ? Optional.of(fast) : Optional.of(general(line, end));
    }

    /** The common {@code asctime} form, or null. */
    private static FromLine asctime(String line, int end) {
        if (end < 30) {
            return null;
        }
        // the date's characters as bytes; one that is not Latin-1 is '?', which fails every test
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length == line.length()) {
            return asctime(line, b, 0, end);
        }
        // a surrogate pair became one '?' and moved what follows: read the date part alone
        int o = end - 25;
        b = line.substring(o, end).getBytes(StandardCharsets.ISO_8859_1);
        return b.length == 25 ? asctime(line, b, -o, end) : null;
    }

    /**
     * The common case without a regular expression: {@code From sender} then an
     * {@code asctime} date ({@code Www Mmm dd hh:mm:ss yyyy}) ending the line, as Postfix and
     * Dovecot write it; null when the line is not of this form (the general parser then gives
     * the same result for every line this one accepts). A scan parses one such line per
     * message, so this is short and straight and makes no date objects: it is quick before
     * the JIT has compiled it and compiles small.
     *
     * @param b the line's characters as bytes: {@code b[off + k]} is {@code line.charAt(k)}
     *     for every {@code k} in {@code [end - 25, end)}; a character that is not one byte may
     *     be any byte of 0x80 or above
     * @param off where character 0 of {@code line} is in {@code b} (negative when only the
     *     date's part is given)
     * @param end the end of the line without its line end
     */
    private static FromLine asctime(String line, byte[] b, int off, int end) {
        if (end < 30) {
            return null;
        }
        int d = end - 24;
        int o = off + d - 1; // the space before the date
        if (b[o] != ' ' || b[o + 4] != ' ' || b[o + 8] != ' ' || b[o + 11] != ' ' || b[o + 14] != ':'
                || b[o + 17] != ':' || b[o + 20] != ' ') {
            return null;
        }
        int mon = indexOf3(MONTHS, b, o + 5);
        if (mon < 0 || indexOf3(DAYS, b, o + 1) < 0) {
            return null;
        }
        int dom = twoDigits(b, o + 9);
        int hh = twoDigits(b, o + 12);
        int mm = twoDigits(b, o + 15);
        int ss = twoDigits(b, o + 18);
        int yyyy = year4(b, o + 21);
        if (dom < 1 || dom > 31 || hh > 23 || mm > 59 || ss > 60 || (hh | mm | ss | yyyy) < 0) {
            return null;
        }
        // the sender: line[5, d) stripped of white space as String.strip does, in one pass;
        // a space or tab inside it ("remote from" and other oddities) is for the general parser
        int a = d; // the first character that is not white space
        int e = d; // after the last one
        int blank = -1; // the last space or tab
        for (int k = 5; k < d; k++) {
            char c = line.charAt(k);
            if (!isWhitespace(c)) {
                if (a == d) {
                    a = k;
                } else if (blank > a) {
                    return null;
                }
                e = k + 1;
            } else if (c == ' ' || c == '\t') {
                blank = k;
            }
        }
        String sender = a == d || e - a == 1 && line.charAt(a) == '-' ? "" : line.substring(a, e);
        long stamp = (long) yyyy << 32 | mon << 22 | dom << 17 | hh << 12 | mm << 6 | Math.min(ss, 59);
        return new FromLine(end == line.length() ? line : line.substring(0, end), sender, d, stamp);
    }

    /** The date of a {@link #stamp}: empty when there is no such day (Feb 31) or no stamp. */
    private static Optional<LocalDateTime> dateOf(long stamp) {
        if (stamp == NO_STAMP) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of((int) (stamp >>> 32), (int) (stamp >> 22 & 0xF) + 1,
                    (int) (stamp >> 17 & 0x1F), (int) (stamp >> 12 & 0x1F), (int) (stamp >> 6 & 0x3F),
                    (int) (stamp & 0x3F)));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What the common path does not need, made on first use: a scan that meets only
     * {@code asctime} dates never compiles the regular expression or the formatter.
     */
    private static final class Lazy {
        private static final DateTimeFormatter ASCTIME =
                DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

        private static final String[] MONTHS = {
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

        // weekday month day time [zone] year [zone] [remote from host]
        private static final Pattern DATE = Pattern.compile(
                "(?:^|\\s)((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\\s+([A-Za-z]{3})[a-z]*\\s+(\\d{1,2})\\s+"
                + "(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
                + "(?:\\s+([A-Z]{1,5}(?:\\s+DST)?|[+-]\\d{4}))?"
                + "\\s+(\\d{4}|\\d{2})"
                + "(?:\\s+([+-]\\d{4}|[A-Z]{1,5}))?)"
                + "(?:\\s+remote\\s+from\\s+(\\S+))?\\s*$",
                Pattern.CASE_INSENSITIVE);
    }

    /** The general parser (a regular expression); also the reference the fast path is tested against. */
    static Optional<FromLine> tryParseGeneral(String line) {
        if (!line.startsWith("From ")) {
            return Optional.empty();
        }
        int end = line.length();
        while (end > 5 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return Optional.of(general(line, end));
    }

    private static FromLine general(String line, int end) {
        String rest = line.substring(5, end);
        Matcher m = Lazy.DATE.matcher(rest);
        if (!m.find()) {
            String trimmed = rest.strip();
            int sp = indexOfSpace(trimmed);
            String sender = sp < 0 ? trimmed : trimmed.substring(0, sp);
            String date = sp < 0 ? "" : trimmed.substring(sp).strip();
            return new FromLine(line.substring(0, end), cleanSender(sender), date, "", Optional.empty(), Optional.empty());
        }
        String sender = cleanSender(rest.substring(0, m.start()).strip());
        String dateText = m.group(1);
        Optional<LocalDateTime> date = Optional.empty();
        Optional<ZoneOffset> offset = Optional.empty();
        try {
            int month = month(m.group(2));
            int year = Integer.parseInt(m.group(8));
            if (year < 100) {
                year += year < 70 ? 2000 : 1900;
            }
            int sec = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            if (month > 0) {
                date = Optional.of(LocalDateTime.of(year, month, Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Math.min(sec, 59)));
            }
            String zone = m.group(7) != null ? m.group(7) : m.group(9);
            if (zone != null && (zone.startsWith("+") || zone.startsWith("-"))) {
                offset = Optional.of(ZoneOffset.of(zone.substring(0, 3) + ":" + zone.substring(3)));
            } else if (zone != null && (zone.equalsIgnoreCase("UTC") || zone.equalsIgnoreCase("GMT")
                    || zone.equalsIgnoreCase("UT"))) {
                offset = Optional.of(ZoneOffset.UTC);
            }
        } catch (RuntimeException e) {
            // An impossible date (Feb 31, hour 25, offset +9999): keep the text, no value.
            date = Optional.empty();
            offset = Optional.empty();
        }
        String remote = m.group(10) == null ? "" : m.group(10);
        return new FromLine(line.substring(0, end), sender, dateText, remote, date, offset);
    }

    /** The English weekday abbreviations, three bytes each in an int (case as written). */
    private static final int[] DAYS = {
        'M' << 16 | 'o' << 8 | 'n', 'T' << 16 | 'u' << 8 | 'e', 'W' << 16 | 'e' << 8 | 'd', 'T' << 16 | 'h' << 8 | 'u',
        'F' << 16 | 'r' << 8 | 'i', 'S' << 16 | 'a' << 8 | 't', 'S' << 16 | 'u' << 8 | 'n'};
    /** The English month abbreviations, January first, as {@link #DAYS}. */
    private static final int[] MONTHS = {
        'J' << 16 | 'a' << 8 | 'n', 'F' << 16 | 'e' << 8 | 'b', 'M' << 16 | 'a' << 8 | 'r', 'A' << 16 | 'p' << 8 | 'r',
        'M' << 16 | 'a' << 8 | 'y', 'J' << 16 | 'u' << 8 | 'n', 'J' << 16 | 'u' << 8 | 'l', 'A' << 16 | 'u' << 8 | 'g',
        'S' << 16 | 'e' << 8 | 'p', 'O' << 16 | 'c' << 8 | 't', 'N' << 16 | 'o' << 8 | 'v', 'D' << 16 | 'e' << 8 | 'c'};

    /** The index in {@code names} of the three bytes at {@code b[at]}, or -1. */
    private static int indexOf3(int[] names, byte[] b, int at) {
        int key = b[at] << 16 | b[at + 1] << 8 | b[at + 2];
        for (int k = 0; k < names.length; k++) {
            if (names[k] == key) {
                return k;
            }
        }
        return -1;
    }

    /** {@link Character#isWhitespace(char)}, answered without a table for ASCII. */
    private static boolean isWhitespace(char c) {
        if (c < 0x80) {
            return c == ' ' || c >= 0x09 && c <= 0x0D || c >= 0x1C && c <= 0x1F;
        }
        return Character.isWhitespace(c);
    }

    /** A two-digit number at {@code b[at]}, or one digit after a space ({@code " 5"}); -1 when neither. */
    private static int twoDigits(byte[] b, int at) {
        int hi = b[at] - '0';
        int lo = b[at + 1] - '0';
        if (lo < 0 || lo > 9) {
            return -1;
        }
        if (b[at] == ' ') {
            return lo;
        }
        return hi < 0 || hi > 9 ? -1 : hi * 10 + lo;
    }

    /** A four-character number at {@code b[at]}, leading spaces allowed ({@code "  26"}); -1 when not a number. */
    private static int year4(byte[] b, int at) {
        int k = at;
        while (k < at + 3 && b[k] == ' ') {
            k++;
        }
        int v = 0;
        for (; k < at + 4; k++) {
            int c = b[k] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v;
    }

    /**
     * The From_ line Postfix {@code local(8)} writes: {@code From sender  date}, two spaces,
     * {@code asctime} form in {@code zone}, no time zone, no line end.
     *
     * @param sender the envelope sender; the empty string (the null sender) is written as
     *     {@code MAILER-DAEMON}
     * @param when the delivery time
     * @param zone the time zone of the date (Postfix uses the local one)
     */
    public static String format(String sender, java.time.Instant when, ZoneId zone) {
        String s = sender.isEmpty() ? "MAILER-DAEMON" : sender;
        return "From " + s + "  " + Lazy.ASCTIME.format(ZonedDateTime.ofInstant(when, zone));
    }

    /** The date in {@code asctime} form ({@code Sat Nov  1 20:49:20 2026}). */
    public static String asctime(LocalDateTime t) {
        return Lazy.ASCTIME.format(t);
    }

    /**
     * The moment of the date: with the written offset when there is one, else read in
     * {@code zone} (mbox writers normally write local time).
     */
    public Optional<java.time.Instant> instant(ZoneId zone) {
        Optional<LocalDateTime> d = date();
        if (d.isEmpty()) {
            return Optional.empty();
        }
        ZoneId z = offset.isPresent() ? offset.get() : zone;
        return Optional.of(d.get().atZone(z).toInstant());
    }

    /** True when there is an envelope sender on the line. */
    public boolean hasSender() {
        return !sender.isEmpty();
    }

    /** The line as stored, without its line end. */
    public String line() {
        return line;
    }

    /**
     * The envelope sender as written ({@code MAILER-DAEMON} for the null sender, as Postfix
     * writes it), or the empty string when the line has none or has {@code -}.
     */
    public String sender() {
        return sender;
    }

    /** The date part as written, without {@code remote from}. */
    public String dateText() {
        return dateText != null ? dateText : line.substring(dateStart);
    }

    /** The host of a UUCP {@code remote from host} suffix, or the empty string. */
    public String remoteFrom() {
        return remoteFrom;
    }

    /** The date and time as written (local time of the writer), when recognised. */
    public Optional<LocalDateTime> date() {
        Optional<LocalDateTime> d = date;
        if (d == null) {
            d = dateOf(stamp);
            date = d; // an immutable value: a second thread at most builds an equal one
        }
        return d;
    }

    /** The zone offset written on the line, when there is a numeric one (or UTC, GMT, UT). */
    public Optional<ZoneOffset> offset() {
        return offset;
    }

    /** Equal when the lines are (everything else is read from the line). */
    @Override
    public boolean equals(Object o) {
        return o instanceof FromLine f && f.line.equals(line);
    }

    @Override
    public int hashCode() {
        return line.hashCode();
    }

    /** The line as stored. */
    @Override
    public String toString() {
        return line;
    }

    private static String cleanSender(String s) {
        return s.equals("-") ? "" : s;
    }

    private static int month(String m) {
        String l = m.toLowerCase(Locale.ROOT);
        for (int i = 0; i < Lazy.MONTHS.length; i++) {
            if (Lazy.MONTHS[i].equals(l)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
