package dev.mailroom.config;

import dev.mailroom.config.internal.ListSplitter;
import dev.mailroom.config.internal.MacroExpander;
import dev.mailroom.internal.LogicalLine;
import dev.mailroom.internal.LogicalLineReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Postfix {@code main.cf}, read as Postfix 3.7 reads it, with the 3.7 defaults behind it.
 *
 * <p><b>Reading.</b> Logical lines as Postfix joins them (a line starting with white space
 * continues the previous one; {@code #} starts a comment only at the start of a line), each
 * of the form {@code name = value} with white space around {@code =} and at the ends of the
 * value removed. The last assignment of a name wins; a differing earlier value gives the
 * warning {@code FILE, line N: overriding earlier entry: name=old}. A line without {@code =}
 * is fatal: {@link ConfigException} {@code FILE, line N: missing '=' after attribute name: "..."}.
 *
 * <p><b>Values.</b> {@link #raw(String)} gives the text as written. {@link #get(String)}
 * expands it lazily and recursively, as Postfix daemons do: {@code $name}, {@code ${name}},
 * {@code $(name)}, {@code $$}, the conditional forms {@code ${name?text}},
 * {@code ${name:text}}, {@code ${name?{t}:{f}}} and the relational form
 * {@code ${{a} op {b} ? {t} : {f}}} including the compatibility-level operators
 * ({@code <level} ...). A name that is neither in the file nor a Postfix parameter expands
 * to nothing. Expanded values are cached; the object is immutable and thread-safe.
 *
 * <p><b>Typed reads.</b> {@link #getList}, {@link #getBoolean}, {@link #getTime},
 * {@link #getInt}, {@link #getLong} convert as Postfix converts and throw
 * {@link ConfigException} (naming the file and line of the assignment) where Postfix would
 * stop with a fatal error.
 *
 * <p><b>Services.</b> {@link #forService(MasterService)} gives the view of one
 * {@code master.cf} service: its {@code -o} overrides on top of this file, expanded in the
 * service's context ({@code $service_name}, {@code $process_name}).
 */
public final class MainConfig {

    private static final String UNDEFINED = new String("<undefined>");

    private record Entry(String value, int line) {
    }

    private final String file;
    private final Map<String, Entry> entries;
    private final Map<String, String> overlay;
    private final PostfixDefaults defaults;
    private final List<String> warnings;
    private final boolean defaultsOnly;
    private final Map<String, String> cache = new ConcurrentHashMap<>();
    private final Map<String, Optional<String>> defaultCache = new ConcurrentHashMap<>();

    private MainConfig(String file, Map<String, Entry> entries, Map<String, String> overlay,
            PostfixDefaults defaults, List<String> warnings, boolean defaultsOnly) {
        this.file = file;
        this.entries = entries;
        this.overlay = overlay;
        this.defaults = defaults;
        this.warnings = warnings;
        this.defaultsOnly = defaultsOnly;
    }

    /**
     * Reads {@code DIR/main.cf} with this machine's defaults.
     *
     * @param configDirectory the directory holding {@code main.cf}, like {@code postconf -c}
     * @return the configuration
     * @throws IOException when the file cannot be read
     * @throws ConfigException when a line is malformed
     */
    public static MainConfig load(Path configDirectory) throws IOException {
        return load(configDirectory, PostfixDefaults.postfix37());
    }

    /**
     * Reads {@code DIR/main.cf}.
     *
     * @param configDirectory the directory holding {@code main.cf}
     * @param defaults the defaults behind the file
     * @return the configuration
     * @throws IOException when the file cannot be read
     * @throws ConfigException when a line is malformed
     */
    public static MainConfig load(Path configDirectory, PostfixDefaults defaults) throws IOException {
        Path file = configDirectory.resolve("main.cf");
        String text = LogicalLineReader.decode(Files.readAllBytes(file));
        return parse(text, file.toString(), defaults);
    }

    /**
     * Parses {@code main.cf} text.
     *
     * @param text the file's content
     * @param fileName the name used in warnings and errors
     * @param defaults the defaults behind the file
     * @return the configuration
     * @throws ConfigException when a line is malformed
     */
    public static MainConfig parse(String text, String fileName, PostfixDefaults defaults) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(defaults, "defaults");
        List<String> warnings = new ArrayList<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (LogicalLine line : LogicalLineReader.read(text, fileName, warnings::add)) {
            String[] nv = splitNameValue(line.text());
            if (nv.length == 1) {
                throw ConfigException.atLine(fileName, line.number(), nv[0] + ": \"" + line.text() + "\"");
            }
            Entry old = entries.get(nv[0]);
            if (old != null && !old.value().equals(nv[1])) {
                warnings.add(fileName + ", line " + line.number() + ": overriding earlier entry: "
                        + nv[0] + "=" + old.value());
            }
            entries.put(nv[0], new Entry(nv[1], line.number()));
        }
        return new MainConfig(fileName, Collections.unmodifiableMap(entries), Map.of(), defaults,
                List.copyOf(warnings), false);
    }

    /**
     * A configuration with no {@code main.cf} at all: every value is Postfix's default,
     * and defaults computed from other parameters see only defaults (as {@code postconf -d}).
     *
     * @param defaults the defaults
     * @return the configuration
     */
    public static MainConfig defaultsOnly(PostfixDefaults defaults) {
        return new MainConfig("main.cf", Map.of(), Map.of(), Objects.requireNonNull(defaults, "defaults"),
                List.of(), true);
    }

    /**
     * Splits {@code name = value} as Postfix does.
     *
     * @return {name, value}, or a one-element array with the error text
     */
    static String[] splitNameValue(String text) {
        int n = text.length();
        int np = 0;
        while (np < n && LogicalLineReader.isSpace(text.charAt(np))) {
            np++;
        }
        if (np == n || text.charAt(np) == '=') {
            return new String[] {"missing attribute name"};
        }
        int ep = np;
        while (ep < n && !LogicalLineReader.isSpace(text.charAt(ep)) && text.charAt(ep) != '=') {
            ep++;
        }
        int cp = ep;
        while (cp < n && LogicalLineReader.isSpace(text.charAt(cp))) {
            cp++;
        }
        if (cp == n || text.charAt(cp) != '=') {
            return new String[] {"missing '=' after attribute name"};
        }
        cp++;
        while (cp < n && LogicalLineReader.isSpace(text.charAt(cp))) {
            cp++;
        }
        int end = n;
        while (end > cp && LogicalLineReader.isSpace(text.charAt(end - 1))) {
            end--;
        }
        return new String[] {text.substring(np, ep), text.substring(cp, end)};
    }

    /** @return the file name used in messages, such as {@code /etc/postfix/main.cf} */
    public String file() {
        return file;
    }

    /** @return the warnings reading the file gave, worded as Postfix words them */
    public List<String> warnings() {
        return warnings;
    }

    /** @return the defaults behind this file */
    public PostfixDefaults defaults() {
        return defaults;
    }

    /**
     * @return every {@code name = value} of the file (last assignment of each name), in the
     *     order names first appeared, values as written
     */
    public Map<String, String> entries() {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, v.value()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param name a parameter name
     * @return the value as written in the file (or the service override), unexpanded
     */
    public Optional<String> raw(String name) {
        String o = overlay.get(name);
        if (o != null) {
            return Optional.of(o);
        }
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    /**
     * @param name a parameter name
     * @return the line of the (last) assignment in the file, when the file sets it
     */
    public OptionalInt line(String name) {
        Entry e = entries.get(name);
        return e == null ? OptionalInt.empty() : OptionalInt.of(e.line());
    }

    /**
     * The Postfix default of a parameter, unexpanded, with computed defaults
     * ({@code myhostname}, {@code mydomain}, {@code mynetworks}) seeing this file.
     *
     * @param name a parameter name
     * @return the default, or empty when Postfix has no such parameter
     */
    public Optional<String> defaultValue(String name) {
        Optional<String> d = defaultCache.get(name);
        if (d == null) {
            d = defaults.defaultValue(name, this);
            defaultCache.put(name, d);
        }
        return d;
    }

    /**
     * @param name a parameter name
     * @return the unexpanded value in effect: the file's (or override's), else the default
     */
    public Optional<String> rawOrDefault(String name) {
        Optional<String> r = raw(name);
        return r.isPresent() ? r : defaultValue(name);
    }

    /**
     * The expanded value of a parameter, as a Postfix daemon sees it.
     *
     * @param name a parameter name
     * @return the value, or empty when neither the file nor Postfix defines the name
     * @throws ConfigException when the value does not expand (syntax error, recursion)
     */
    public Optional<String> find(String name) {
        String v = cache.get(name);
        if (v == null) {
            Optional<String> raw = rawOrDefault(name);
            v = raw.isEmpty() ? UNDEFINED : expandFor(name, raw.get());
            cache.put(name, v);
        }
        return v == UNDEFINED ? Optional.empty() : Optional.of(v);
    }

    /**
     * The expanded value of a parameter; an undefined parameter reads as empty, as in Postfix.
     *
     * @param name a parameter name
     * @return the value
     * @throws ConfigException when the value does not expand
     */
    public String get(String name) {
        return find(name).orElse("");
    }

    /**
     * Expands text against this configuration, as if it were a parameter value.
     *
     * @param text the text
     * @return the expansion
     * @throws ConfigException when the text does not expand
     */
    public String expand(String text) {
        return expandFor(null, text);
    }

    private String expandFor(String name, String text) {
        List<String> problems = new ArrayList<>();
        MacroExpander.Result r = MacroExpander.expand(text, MacroExpander.RECURSE,
                (n, test) -> lookup(n), problems::add);
        if (r.failed()) {
            String detail = (name == null ? "" : "parameter " + name + ": ")
                    + "macro processing error: " + String.join("; ", problems);
            throw error(name, detail);
        }
        return r.text();
    }

    private ConfigException error(String name, String detail) {
        if (name != null && !overlay.containsKey(name)) {
            Entry e = entries.get(name);
            if (e != null) {
                return ConfigException.atLine(file, e.line(), detail);
            }
        }
        return new ConfigException(file + ": " + detail, file, 0, detail);
    }

    /** The raw value a {@code $name} reference sees, or null. */
    private String lookup(String name) {
        String v = overlay.get(name);
        if (v != null) {
            return v;
        }
        Entry e = entries.get(name);
        if (e != null) {
            return e.value();
        }
        return defaultValue(name).orElse(null);
    }

    /**
     * The expanded value set in the file (or by a service override), or null when the
     * file does not set it. Computed defaults consult this, as Postfix consults its
     * configuration dictionary.
     */
    String configured(String name) {
        if (defaultsOnly) {
            return null;
        }
        Optional<String> raw = raw(name);
        if (raw.isEmpty()) {
            return null;
        }
        // Like Postfix's lookup in its configuration dictionary: only the file (and the
        // service's overrides) are seen, never defaults, so this cannot loop through them.
        List<String> problems = new ArrayList<>();
        MacroExpander.Result r = MacroExpander.expand(raw.get(), MacroExpander.RECURSE,
                (n, test) -> raw(n).orElse(null), problems::add);
        if (r.failed()) {
            throw error(name, "parameter " + name + ": macro processing error: " + String.join("; ", problems));
        }
        return r.text();
    }

    /**
     * The value split as a Postfix list: on commas and white space, {@code {...}} kept whole.
     *
     * @param name a parameter name
     * @return the elements, empty when the value is empty
     * @throws ConfigException when the value does not expand
     */
    public List<String> getList(String name) {
        return ListSplitter.split(get(name));
    }

    /**
     * @param name a parameter name
     * @return true for {@code yes}, false for {@code no} (any case)
     * @throws ConfigException {@code bad boolean configuration: name = value} otherwise
     */
    public boolean getBoolean(String name) {
        String v = get(name);
        if (v.equalsIgnoreCase("yes")) {
            return true;
        }
        if (v.equalsIgnoreCase("no")) {
            return false;
        }
        throw error(name, "bad boolean configuration: " + name + " = " + v);
    }

    /**
     * A time value: a number and an optional unit {@code s m h d w}; a bare number is in the
     * parameter's default unit (the unit of its Postfix default, so
     * {@code maximal_queue_lifetime = 5} is five days), seconds for other parameters.
     *
     * @param name a parameter name
     * @return the duration
     * @throws ConfigException {@code parameter name: bad time value or unit: value}
     */
    public Duration getTime(String name) {
        char unit = 's';
        Optional<Parameter> p = defaults.parameter(name);
        if (p.isPresent() && p.get().type() == ParameterType.TIME) {
            unit = p.get().timeUnit();
        }
        return getTime(name, unit);
    }

    /**
     * A time value with an explicit default unit.
     *
     * @param name a parameter name
     * @param defaultUnit the unit of a bare number, one of {@code s m h d w}
     * @return the duration
     * @throws ConfigException {@code parameter name: bad time value or unit: value}
     * @throws IllegalArgumentException when the unit is not one of {@code s m h d w}
     */
    public Duration getTime(String name, char defaultUnit) {
        if ("smhdw".indexOf(defaultUnit) < 0) {
            throw new IllegalArgumentException("time unit must be one of s m h d w: " + defaultUnit);
        }
        String v = get(name);
        long seconds = parseTime(v, defaultUnit);
        if (seconds < 0) {
            throw error(name, "parameter " + name + ": bad time value or unit: " + v);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Postfix's time conversion; -1 when the text is not a valid time. */
    static long parseTime(String v, char defaultUnit) {
        int[] pos = {0};
        Long n = strtol(v, pos);
        if (n == null || n < 0 || n > Integer.MAX_VALUE) {
            return -1;
        }
        char unit = pos[0] < v.length() ? v.charAt(pos[0]) : defaultUnit;
        long mult = switch (unit) {
            case 'w' -> 7 * 86400L;
            case 'd' -> 86400L;
            case 'h' -> 3600L;
            case 'm' -> 60L;
            case 's' -> 1L;
            default -> -1L;
        };
        if (mult < 0 || (mult > 1 && n >= Integer.MAX_VALUE / mult)) {
            return -1;
        }
        return n * mult;
    }

    /**
     * @param name a parameter name
     * @return the value as a whole number in the {@code int} range
     * @throws ConfigException {@code bad numerical configuration: name = value}
     */
    public int getInt(String name) {
        long v = getLong(name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error(name, "bad numerical configuration: " + name + " = " + get(name));
        }
        return (int) v;
    }

    /**
     * A whole number, such as a size in bytes ({@code message_size_limit}).
     *
     * @param name a parameter name
     * @return the value
     * @throws ConfigException {@code bad numerical configuration: name = value}
     */
    public long getLong(String name) {
        String v = get(name);
        int[] pos = {0};
        Long n = strtol(v, pos);
        if (n == null || pos[0] != v.length()) {
            throw error(name, "bad numerical configuration: " + name + " = " + v);
        }
        return n;
    }

    /** Like C's strtol: leading white space, a sign, digits; null when no digits or overflow. */
    private static Long strtol(String v, int[] pos) {
        int i = 0;
        while (i < v.length() && LogicalLineReader.isSpace(v.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < v.length() && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            neg = v.charAt(i) == '-';
            i++;
        }
        int start = i;
        long n = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            if (n > (Long.MAX_VALUE - 9) / 10) {
                return null;
            }
            n = n * 10 + (v.charAt(i) - '0');
            i++;
        }
        if (i == start) {
            return null;
        }
        pos[0] = i;
        return neg ? -n : n;
    }

    /**
     * The view of one {@code master.cf} service: its {@code -o name=value} overrides on top
     * of this file, and {@code service_name}/{@code process_name} set as the service's daemon
     * sets them. {@code $name} in an override is expanded in that context, so
     * {@code -o syslog_name=postfix/$service_name} on service {@code relay} reads
     * {@code postfix/relay}.
     *
     * @param service the service
     * @return the service's view
     */
    public MainConfig forService(MasterService service) {
        Map<String, String> layer = new LinkedHashMap<>(service.overrides());
        layer.put("process_name", service.processName());
        layer.put("service_name", service.serviceNameParameter());
        return new MainConfig(file, entries, Collections.unmodifiableMap(layer), defaults, warnings, defaultsOnly);
    }

    /**
     * Checks the file as {@code postconf} does: names that are neither Postfix parameters nor
     * referenced anywhere ({@code unused parameter}), and {@code $name} references to names
     * defined nowhere ({@code undefined parameter}). Postfix keeps unknown names, so this
     * only reports.
     *
     * @return the findings, worded as {@code postconf} words its warnings
     */
    public LintReport lint() {
        return lint(MasterConfig.empty());
    }

    /**
     * Like {@link #lint()}, also knowing the per-service parameters and {@code -o} overrides
     * of a {@code master.cf}.
     *
     * @param master the services
     * @return the findings
     */
    public LintReport lint(MasterConfig master) {
        return Linter.lint(this, master);
    }

    /** The directory part of {@link #file()}, as Postfix names it in lint messages. */
    String configDirectory() {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "." : file.substring(0, slash);
    }

    @Override
    public String toString() {
        return "MainConfig[" + file + ", " + entries.size() + " entries"
                + (overlay.isEmpty() ? "" : ", service " + overlay.get("service_name")) + "]";
    }
}
