package dev.mailroom.config;

import dev.mailroom.config.internal.ListSplitter;
import dev.mailroom.internal.LogicalLine;
import dev.mailroom.internal.LogicalLineReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Postfix {@code master.cf}, read as Postfix 3.7's {@code postconf} reads it.
 *
 * <p>Each logical line (continuation lines start with white space; {@code #} lines are
 * comments) is one service with at least eight white-space separated fields: name, type,
 * private, unprivileged, chroot, wakeup, process limit, command; the rest of the line holds
 * the command's arguments. {@code { ... }} groups a field that contains white space. Fewer
 * than eight fields is fatal ({@code file F: line N: bad field count}), and so is a field
 * with an invalid value ({@code invalid private field "x" in "..."}); both throw
 * {@link ConfigException} with the file and line.
 *
 * <p>Two entries for the same name and type are both kept (in file order);
 * {@link #service(String, String)} returns the last, the one Postfix's master runs.
 */
public final class MasterConfig {

    private static final List<String> TYPES = List.of("unix", "fifo", "inet", "pass", "unix-dgram");
    private static final String BLANKS = " \t\r\n";

    /** Per-service parameter suffixes of delivery agents, and the parameter each defaults to. */
    private static final String[][] DELIVERY_PARAMS = {
        {"_recipient_limit", "default_recipient_limit"},
        {"_extra_recipient_limit", "default_extra_recipient_limit"},
        {"_recipient_refill_limit", "default_recipient_refill_limit"},
        {"_recipient_refill_delay", "default_recipient_refill_delay"},
        {"_delivery_slot_cost", "default_delivery_slot_cost"},
        {"_delivery_slot_loan", "default_delivery_slot_loan"},
        {"_delivery_slot_discount", "default_delivery_slot_discount"},
        {"_minimum_delivery_slots", "default_minimum_delivery_slots"},
        {"_initial_destination_concurrency", "initial_destination_concurrency"},
        {"_destination_concurrency_limit", "default_destination_concurrency_limit"},
        {"_destination_recipient_limit", "default_destination_recipient_limit"},
        {"_destination_concurrency_positive_feedback", "default_destination_concurrency_positive_feedback"},
        {"_destination_concurrency_negative_feedback", "default_destination_concurrency_negative_feedback"},
        {"_destination_concurrency_failed_cohort_limit", "default_destination_concurrency_failed_cohort_limit"},
        {"_destination_rate_delay", "default_destination_rate_delay"},
        {"_transport_rate_delay", "default_transport_rate_delay"},
    };
    private static final String[] TIME_LIMIT = {"_time_limit", "command_time_limit"};

    private final String file;
    private final String text;
    private final List<MasterService> services;
    private final List<String> warnings;

    private MasterConfig(String file, String text, List<MasterService> services, List<String> warnings) {
        this.file = file;
        this.text = text;
        this.services = services;
        this.warnings = warnings;
    }

    /** @return a {@code master.cf} without services */
    public static MasterConfig empty() {
        return new MasterConfig("master.cf", "", List.of(), List.of());
    }

    /**
     * Reads {@code DIR/master.cf}.
     *
     * @param configDirectory the directory holding {@code master.cf}
     * @return the services
     * @throws IOException when the file cannot be read
     * @throws ConfigException when an entry is malformed
     */
    public static MasterConfig load(Path configDirectory) throws IOException {
        Path f = configDirectory.resolve("master.cf");
        return parse(LogicalLineReader.decode(Files.readAllBytes(f)), f.toString());
    }

    /**
     * Parses {@code master.cf} text.
     *
     * @param text the file's content
     * @param fileName the name used in errors, such as {@code /etc/postfix/master.cf}
     * @return the services
     * @throws ConfigException when an entry is malformed
     */
    public static MasterConfig parse(String text, String fileName) {
        return parse(text, fileName, false);
    }

    private static MasterConfig parse(String text, String fileName, boolean asPostconf) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(fileName, "fileName");
        List<String> warnings = new ArrayList<>();
        List<MasterService> services = new ArrayList<>();
        for (LogicalLine line : LogicalLineReader.read(text, fileName, warnings::add)) {
            services.add(parseEntry(line, fileName, warnings::add, asPostconf));
        }
        return new MasterConfig(fileName, text, List.copyOf(services), List.copyOf(warnings));
    }

    /**
     * The same file as Postfix 3.7's {@code postconf -M}/{@code -P} show it. They differ from
     * what the services' daemons receive in one case: {@code postconf} splits an attached
     * {@code -oname=value} at the first {@code o} after the option letter, so
     * {@code -osmtpd_helo_required=yes} shows as {@code -o smtpd_hel -o _required=yes}
     * (the daemon itself reads {@code smtpd_helo_required=yes}, as {@link #parse} does).
     * {@code mailroom postconf} uses this view to print what {@code postconf} prints.
     *
     * @return the services as {@code postconf} sees them
     */
    public MasterConfig postconfView() {
        return parse(text, file, true);
    }

    private static MasterService parseEntry(LogicalLine line, String fileName, Consumer<String> warnings,
            boolean asPostconf) {
        List<String> argv = splitGrouped(line.text());
        if (argv.size() < 8) {
            throw new ConfigException("file " + fileName + ": line " + line.number() + ": bad field count",
                    fileName, line.number(), "bad field count");
        }
        check(argv, line, fileName);
        normalize(argv, warnings, asPostconf);
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int field = 8; field < argv.size(); field++) {
            String arg = argv.get(field);
            if (!arg.startsWith("-") || arg.equals("--")) {
                break;
            }
            if (arg.length() < 2 || arg.charAt(1) != 'o' || field + 1 >= argv.size()) {
                continue;
            }
            if (arg.equals("-o")) {
                String[] nv = MainConfig.splitNameValue(argv.get(field + 1));
                if (nv.length == 2) {
                    overrides.remove(nv[0]);
                    overrides.put(nv[0], nv[1]);
                }
            }
            field++;
        }
        return new MasterService(argv.get(0), argv.get(1), argv.get(2), argv.get(3), argv.get(4), argv.get(5),
                argv.get(6), argv.get(7), argv.subList(8, argv.size()), overrides, line.number());
    }

    private static void check(List<String> argv, LogicalLine line, String fileName) {
        String raw = line.text().replace('\n', ' ');
        if (!TYPES.contains(argv.get(1))) {
            throw invalid(fileName, line, "type", argv.get(1), raw);
        }
        String[] names = {"private", "unprivileged", "chroot"};
        for (int f = 2; f <= 4; f++) {
            String v = argv.get(f);
            if (v.length() != 1 || "yn-".indexOf(v.charAt(0)) < 0) {
                throw invalid(fileName, line, names[f - 2], v, raw);
            }
        }
        String wakeup = argv.get(5);
        int len = wakeup.endsWith("?") ? wakeup.length() - 1 : wakeup.length();
        if (!(wakeup.startsWith("-") && len == 1) && !digits(wakeup.substring(0, len))) {
            throw invalid(fileName, line, "wakeup", wakeup, raw);
        }
        String maxproc = argv.get(6);
        if (!maxproc.equals("-") && !digits(maxproc)) {
            throw invalid(fileName, line, "process_limit", maxproc, raw);
        }
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static ConfigException invalid(String fileName, LogicalLine line, String field, String value, String raw) {
        String detail = "invalid " + field + " field \"" + value + "\" in \"" + raw + "\"";
        return new ConfigException(fileName + ", line " + line.number() + ": " + detail, fileName, line.number(),
                detail);
    }

    /** Splits on blanks, keeping balanced {@code { }} groups (braces included) in one token. */
    static List<String> splitGrouped(String text) {
        return ListSplitter.split(text, BLANKS);
    }

    /**
     * Brings daemon arguments into canonical form: option clusters split so that {@code -o}
     * stands alone before its value ({@code -vo x} becomes {@code -v -o x}, {@code -ox}
     * becomes {@code -o x}), braces unwrapped, {@code { name = value }} written
     * {@code name=value}. With {@code asPostconf}, clusters are split at the first
     * {@code o} after the first letter anywhere in the word, as {@code postconf} does.
     */
    private static void normalize(List<String> argv, Consumer<String> warnings, boolean asPostconf) {
        int field = 8;
        for (; field < argv.size(); field++) {
            String arg = argv.get(field);
            if (!arg.startsWith("-") || arg.equals("--")) {
                break;
            }
            int split = -1;
            if (asPostconf) {
                split = arg.indexOf('o', 2);
            } else if (arg.length() > 2 && arg.charAt(1) != 'o') {
                split = arg.indexOf('o', 2);
            }
            if (split > 0) {
                argv.set(field, arg.substring(0, split));
                argv.add(field + 1, "-" + arg.substring(split));
                arg = argv.get(field);
            }
            if (arg.length() < 2 || arg.charAt(1) != 'o') {
                continue;
            }
            boolean extract;
            if (arg.length() > 2) {
                argv.set(field, "-o");
                argv.add(field + 1, arg.substring(2));
                field++;
                extract = argv.get(field).startsWith("{");
            } else if (field + 1 < argv.size()) {
                field++;
                extract = argv.get(field).startsWith("{");
            } else {
                extract = false;
            }
            if (extract) {
                String inner = unwrap(argv.get(field), warnings);
                String[] nv = MainConfig.splitNameValue(inner);
                if (nv.length == 2) {
                    inner = nv[0] + "=" + nv[1];
                } else {
                    warnings.accept("master.cf: " + nv[0] + ": \"" + inner + "\"");
                }
                argv.set(field, inner);
            }
        }
        for (; field < argv.size(); field++) {
            if (argv.get(field).startsWith("{")) {
                argv.set(field, unwrap(argv.get(field), warnings));
            }
        }
    }

    /** Removes the outer braces and the blanks inside them. */
    private static String unwrap(String s, Consumer<String> warnings) {
        String inner;
        if (s.endsWith("}") && s.length() >= 2) {
            inner = s.substring(1, s.length() - 1);
        } else {
            warnings.accept("master.cf: missing '}' in \"" + s + "\"");
            inner = s.substring(1);
        }
        return inner.strip();
    }

    /** @return the file name used in messages */
    public String file() {
        return file;
    }

    /** @return the services in file order (duplicates included) */
    public List<MasterService> services() {
        return services;
    }

    /** @return warnings reading the file gave (such as an unbalanced brace) */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * @param name the service name
     * @param type the service type
     * @return the last entry with that name and type (the one Postfix runs)
     */
    public Optional<MasterService> service(String name, String type) {
        MasterService found = null;
        for (MasterService s : services) {
            if (s.name().equals(name) && s.type().equals(type)) {
                found = s;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The per-service parameters Postfix derives from the services: for each delivery agent
     * ({@code smtp}, {@code lmtp}, {@code local}, {@code virtual}, {@code error}, {@code pipe})
     * the queue manager's {@code SERVICE_recipient_limit} and the like, defaulting to
     * {@code $default_recipient_limit} and so on; for {@code pipe} and {@code spawn} also
     * {@code SERVICE_time_limit} ({@code $command_time_limit}).
     *
     * @param defaults the built-in parameters, whose names keep their own defaults
     * @return name to unexpanded default, in the order Postfix registers them; names that
     *     are built-in parameters are left out (their built-in default stays)
     */
    public Map<String, String> serviceParameterDefaults(PostfixDefaults defaults) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MasterService s : services) {
            List<String[]> params = new ArrayList<>();
            switch (s.command()) {
                case "local", "error", "virtual", "smtp", "lmtp" -> params.addAll(List.of(DELIVERY_PARAMS));
                case "pipe" -> {
                    params.add(TIME_LIMIT);
                    params.addAll(List.of(DELIVERY_PARAMS));
                }
                case "spawn" -> params.add(TIME_LIMIT);
                default -> {
                }
            }
            for (String[] p : params) {
                String name = s.name() + p[0];
                if (!defaults.isBuiltin(name)) {
                    out.putIfAbsent(name, "$" + p[1]);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
