package dev.mailroom.mailbox;

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
 * @param sender the envelope sender as written ({@code MAILER-DAEMON} for the null sender,
 *     as Postfix writes it), or the empty string when the line has none or has {@code -}
 * @param dateText the date part as written, without {@code remote from}
 * @param date the date and time as written (local time of the writer), when recognised
 * @param offset the zone offset written on the line, when there is a numeric one
 * @param remoteFrom the host of a UUCP {@code remote from host} suffix, or empty string
 */
public record FromLine(String sender, String dateText, Optional<LocalDateTime> date,
        Optional<ZoneOffset> offset, String remoteFrom) {

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
        if (fast != null) {
            return Optional.of(fast);
        }
        String rest = line.substring(5, end);
        Matcher m = DATE.matcher(rest);
        if (!m.find()) {
            String trimmed = rest.strip();
            int sp = indexOfSpace(trimmed);
            String sender = sp < 0 ? trimmed : trimmed.substring(0, sp);
            String date = sp < 0 ? "" : trimmed.substring(sp).strip();
            return Optional.of(new FromLine(cleanSender(sender), date, Optional.empty(), Optional.empty(), ""));
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
        return Optional.of(new FromLine(sender, dateText, date, offset, remote));
    }

    private static final String DAYS = "MonTueWedThuFriSatSun";
    private static final String MONTH_NAMES = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /**
     * The common case without a regular expression: {@code sender} then an {@code asctime}
     * date ({@code Www Mmm dd hh:mm:ss yyyy}) ending the line, as Postfix and Dovecot write;
     * reads {@code line[from, end)} in place (a scan parses one such line per message).
     */
    private static FromLine asctimeFast(String line, int from, int end) {
        if (end - from < 25) {
            return null;
        }
        int d = end - 24;
        if (line.charAt(d - 1) != ' ' || line.charAt(d + 3) != ' ' || line.charAt(d + 7) != ' '
                || line.charAt(d + 10) != ' ' || line.charAt(d + 13) != ':' || line.charAt(d + 16) != ':'
                || line.charAt(d + 19) != ' ') {
            return null;
        }
        int day = name3(line, d, DAY_CODES);
        int mon = name3(line, d + 4, MONTH_CODES);
        if (day < 0 || mon < 0) {
            return null;
        }
        int dom = digits(line, d + 8, 2);
        int hh = digits(line, d + 11, 2);
        int mm = digits(line, d + 14, 2);
        int ss = digits(line, d + 17, 2);
        int yyyy = digits(line, d + 20, 4);
        if (dom < 1 || dom > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || yyyy < 0) {
            return null;
        }
        LocalDateTime t;
        try {
            t = LocalDateTime.of(yyyy, mon + 1, dom, hh, mm, Math.min(ss, 59));
        } catch (java.time.DateTimeException e) {
            return null;
        }
        // the sender: line[from, d) stripped of white space, as String.strip does
        int a = from;
        int b = d;
        while (a < b && isWhitespace(line.charAt(a))) {
            a++;
        }
        while (b > a && isWhitespace(line.charAt(b - 1))) {
            b--;
        }
        int space = line.indexOf(' ', a);
        int tab = line.indexOf('\t', a);
        if (space >= 0 && space < b || tab >= 0 && tab < b) {
            return null; // "remote from" and other oddities: the general parser
        }
        String sender = b - a == 1 && line.charAt(a) == '-' ? "" : line.substring(a, b);
        return new FromLine(sender, line.substring(d, end), Optional.of(t), Optional.empty(), "");
    }

    /** The three letters of each name of {@code DAYS} and {@code MONTH_NAMES} as one number. */
    private static final int[] DAY_CODES = codes(DAYS);
    private static final int[] MONTH_CODES = codes(MONTH_NAMES);

    private static int[] codes(String names) {
        int[] c = new int[names.length() / 3];
        for (int i = 0; i < c.length; i++) {
            c[i] = names.charAt(3 * i) << 16 | names.charAt(3 * i + 1) << 8 | names.charAt(3 * i + 2);
        }
        return c;
    }

    /** The index (0 for the first) of the three letters at {@code s[at..]} in {@code codes}, or -1. */
    private static int name3(String s, int at, int[] codes) {
        char c0 = s.charAt(at);
        char c1 = s.charAt(at + 1);
        char c2 = s.charAt(at + 2);
        if ((c0 | c1 | c2) > 0xFF) {
            return -1;
        }
        int code = c0 << 16 | c1 << 8 | c2;
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == code) {
                return i;
            }
        }
        return -1;
    }

    /** {@link Character#isWhitespace(char)}, answered without a table for printable ASCII. */
    private static boolean isWhitespace(char c) {
        return (c <= ' ' || c >= 0x7F) && Character.isWhitespace(c);
    }

    /** The number in {@code s[at, at+len)}, leading spaces allowed; -1 when not a number. */
    private static int digits(String s, int at, int len) {
        int v = 0;
        boolean any = false;
        for (int k = at; k < at + len; k++) {
            char c = s.charAt(k);
            if (c == ' ' && !any) {
                continue;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
            any = true;
        }
        return any ? v : -1;
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
        return "From " + s + "  " + ASCTIME.format(ZonedDateTime.ofInstant(when, zone));
    }

    /** The date in {@code asctime} form ({@code Sat Nov  1 20:49:20 2026}). */
    public static String asctime(LocalDateTime t) {
        return ASCTIME.format(t);
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
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(l)) {
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
