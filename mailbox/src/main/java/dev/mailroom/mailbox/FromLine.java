package dev.mailroom.mailbox;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
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
 * @param sender the envelope sender as written ({@code MAILER-DAEMON} for the null sender,
 *     as Postfix writes it), or the empty string when the line has none or has {@code -}
 * @param dateText the date part as written, without {@code remote from}
 * @param date the date and time as written (local time of the writer), when recognised
 * @param offset the zone offset written on the line, when there is a numeric one
 * @param remoteFrom the host of a UUCP {@code remote from host} suffix, or empty string
 */
public record FromLine(String sender, String dateText, Optional<LocalDateTime> date,
        Optional<ZoneOffset> offset, String remoteFrom) {

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

    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     */
    public FromLine {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(dateText, "dateText");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(remoteFrom, "remoteFrom");
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
        FromLine fast = asctimeFast(line, 5, end);
        return fast != null ? Optional.of(fast) : Optional.of(general(line, end));
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
            return new FromLine(cleanSender(sender), date, Optional.empty(), Optional.empty(), "");
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
        return new FromLine(sender, dateText, date, offset, remote);
    }

    /**
     * The common case without a regular expression: {@code sender} then an {@code asctime}
     * date ({@code Www Mmm dd hh:mm:ss yyyy}) ending the line, as Postfix and Dovecot write;
     * {@code line[from, end)}. A scan parses one such line per message, so this is kept
     * short and straight (no loops over the date, array reads rather than {@code charAt}):
     * it runs fast before the JIT has compiled it and compiles small.
     */
    private static FromLine asctimeFast(String line, int from, int end) {
        if (end - from < 25) {
            return null;
        }
        int d = end - 24;
        // the date's characters at b[o + 1 ..]; one that is not Latin-1 is '?', which fails every test below
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        int o = d - 1;
        if (b.length != line.length()) {
            // a surrogate pair became one '?' and moved what follows: read the date part alone
            b = line.substring(o, end).getBytes(StandardCharsets.ISO_8859_1);
            o = 0;
            if (b.length != end - (d - 1)) {
                return null;
            }
        }
        if (b[o] != ' ' || b[o + 4] != ' ' || b[o + 8] != ' ' || b[o + 11] != ' ' || b[o + 14] != ':'
                || b[o + 17] != ':' || b[o + 20] != ' ') {
            return null;
        }
        int mon = month3(b[o + 5], b[o + 6], b[o + 7]);
        if (mon < 0 || !isDay3(b[o + 1], b[o + 2], b[o + 3])) {
            return null;
        }
        int dom = twoDigits(b[o + 9], b[o + 10]);
        int hh = twoDigits(b[o + 12], b[o + 13]);
        int mm = twoDigits(b[o + 15], b[o + 16]);
        int ss = twoDigits(b[o + 18], b[o + 19]);
        int yyyy = year4(b[o + 21], b[o + 22], b[o + 23], b[o + 24]);
        if (dom < 1 || dom > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || yyyy < 0) {
            return null;
        }
        LocalDate date = day(yyyy, mon + 1, dom);
        if (date == null) {
            return null;
        }
        LocalDateTime t = LocalDateTime.of(date, LocalTime.of(hh, mm, Math.min(ss, 59)));
        // the sender: line[from, d) stripped of white space, as String.strip does
        int a = from;
        int e = d;
        while (a < e && isWhitespace(line.charAt(a))) {
            a++;
        }
        while (e > a && isWhitespace(line.charAt(e - 1))) {
            e--;
        }
        int space = line.indexOf(' ', a);
        int tab = line.indexOf('\t', a);
        if (space >= 0 && space < e || tab >= 0 && tab < e) {
            return null; // "remote from" and other oddities: the general parser
        }
        String sender = e - a == 1 && line.charAt(a) == '-' ? "" : line.substring(a, e);
        return new FromLine(sender, line.substring(d, end), Optional.of(t), Optional.empty(), "");
    }

    /** The last date made by {@link #day}: consecutive messages are mostly of one day. */
    private static LocalDate lastDay = LocalDate.of(1970, 1, 1);

    /** The date, or null when there is no such day (Feb 31). */
    private static LocalDate day(int y, int m, int d) {
        LocalDate last = lastDay; // a LocalDate is immutable: a racy read sees a whole one
        if (last.getDayOfMonth() == d && last.getMonthValue() == m && last.getYear() == y) {
            return last;
        }
        try {
            LocalDate date = LocalDate.of(y, m, d);
            lastDay = date;
            return date;
        } catch (java.time.DateTimeException ex) {
            return null;
        }
    }

    /** True when the three bytes are an English weekday abbreviation (Mon ... Sun, case as written). */
    private static boolean isDay3(byte c0, byte c1, byte c2) {
        return switch (c0 << 16 | c1 << 8 | c2) {
            case 'M' << 16 | 'o' << 8 | 'n', 'T' << 16 | 'u' << 8 | 'e', 'W' << 16 | 'e' << 8 | 'd',
                    'T' << 16 | 'h' << 8 | 'u', 'F' << 16 | 'r' << 8 | 'i', 'S' << 16 | 'a' << 8 | 't',
                    'S' << 16 | 'u' << 8 | 'n' -> true;
            default -> false;
        };
    }

    /** The month (0 for January) of an English abbreviation (Jan ... Dec, case as written), or -1. */
    private static int month3(byte c0, byte c1, byte c2) {
        return switch (c0 << 16 | c1 << 8 | c2) {
            case 'J' << 16 | 'a' << 8 | 'n' -> 0;
            case 'F' << 16 | 'e' << 8 | 'b' -> 1;
            case 'M' << 16 | 'a' << 8 | 'r' -> 2;
            case 'A' << 16 | 'p' << 8 | 'r' -> 3;
            case 'M' << 16 | 'a' << 8 | 'y' -> 4;
            case 'J' << 16 | 'u' << 8 | 'n' -> 5;
            case 'J' << 16 | 'u' << 8 | 'l' -> 6;
            case 'A' << 16 | 'u' << 8 | 'g' -> 7;
            case 'S' << 16 | 'e' << 8 | 'p' -> 8;
            case 'O' << 16 | 'c' << 8 | 't' -> 9;
            case 'N' << 16 | 'o' << 8 | 'v' -> 10;
            case 'D' << 16 | 'e' << 8 | 'c' -> 11;
            default -> -1;
        };
    }

    /** {@link Character#isWhitespace(char)}, answered without a table for printable ASCII. */
    private static boolean isWhitespace(char c) {
        return (c <= ' ' || c >= 0x7F) && Character.isWhitespace(c);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** A two-digit number, or one digit after a space ({@code " 5"}); -1 when neither. */
    private static int twoDigits(byte c0, byte c1) {
        if (!isDigit(c1)) {
            return -1;
        }
        if (c0 == ' ') {
            return c1 - '0';
        }
        return isDigit(c0) ? (c0 - '0') * 10 + (c1 - '0') : -1;
    }

    /** A four-character number, leading spaces allowed ({@code "  26"}); -1 when not a number. */
    private static int year4(byte c0, byte c1, byte c2, byte c3) {
        if (!isDigit(c3)) {
            return -1;
        }
        int v;
        if (c0 != ' ') {
            if (!isDigit(c0) || !isDigit(c1) || !isDigit(c2)) {
                return -1;
            }
            v = (c0 - '0') * 100 + (c1 - '0') * 10 + (c2 - '0');
        } else if (c1 != ' ') {
            if (!isDigit(c1) || !isDigit(c2)) {
                return -1;
            }
            v = (c1 - '0') * 10 + (c2 - '0');
        } else if (c2 != ' ') {
            if (!isDigit(c2)) {
                return -1;
            }
            v = c2 - '0';
        } else {
            v = 0;
        }
        return v * 10 + (c3 - '0');
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
        if (date.isEmpty()) {
            return Optional.empty();
        }
        ZoneId z = offset.isPresent() ? offset.get() : zone;
        return Optional.of(date.get().atZone(z).toInstant());
    }

    /** True when there is an envelope sender on the line. */
    public boolean hasSender() {
        return !sender.isEmpty();
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
