package dev.mailroom.cli;

import dev.mailroom.config.ConfigException;
import dev.mailroom.config.LintReport;
import dev.mailroom.config.Macros;
import dev.mailroom.config.MainConfig;
import dev.mailroom.config.MasterConfig;
import dev.mailroom.config.MasterService;
import dev.mailroom.config.PostfixDefaults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailroom postconf}: Postfix's {@code postconf} for reading configuration, computed by
 * mailroom's own {@code main.cf}/{@code master.cf} code. Output, warnings and exit status are
 * meant to be byte-identical with Postfix 3.7's {@code postconf} for the supported flags.
 */
@Command(name = "postconf", sortOptions = false,
        description = "Show Postfix configuration as Postfix 3.7's postconf does, computed by mailroom.")
final class PostconfCommand implements Callable<Integer> {

    private static final String PROGRAM = "postconf";
    private static final String DEFAULT_CONFIG_DIR = "/etc/postfix";

    @Spec
    CommandSpec spec;

    @Option(names = "-c", paramLabel = "DIR", description = "Configuration directory (default: $MAIL_CONFIG or /etc/postfix).")
    String configDir;

    @Option(names = "-n", description = "Show only parameters set in main.cf.")
    boolean nonDefault;

    @Option(names = "-d", description = "Show default values.")
    boolean defaults;

    @Option(names = "-h", description = "Show values only, without names.")
    boolean hideName;

    @Option(names = "-x", description = "Expand $name in values.")
    boolean expand;

    @Option(names = "-M", description = "Show master.cf entries.")
    boolean masterEntries;

    @Option(names = "-P", description = "Show master.cf -o parameters.")
    boolean masterParams;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "name", arity = "0..*", description = "Parameters (or service[/type[/parameter]] with -M/-P).")
    List<String> names = new ArrayList<>();

    /** Thrown to stop like Postfix's msg_fatal. */
    private static final class Fatal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(message, null, false, false);
        }
    }

    private PrintWriter out;
    private PrintWriter err;
    private PostfixDefaults table;
    private MainConfig main;
    private MasterConfig master;
    private String dir;
    private boolean dirFromEnvironment;
    private Map<String, String> serviceDefaults = Map.of();
    private LintReport lint;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        try {
            run();
            out.flush();
            return 0;
        } catch (Fatal f) {
            out.flush();
            err.println(PROGRAM + ": fatal: " + printable(f.getMessage()));
            err.flush();
            return 1;
        }
    }

    private void warn(String message) {
        out.flush();
        err.println(PROGRAM + ": warning: " + printable(message));
        err.flush();
    }

    /** Like Postfix's logging: every byte that is not printable ASCII becomes '?'. */
    static String printable(String message) {
        StringBuilder sb = new StringBuilder(message.length());
        for (byte b : message.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            sb.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return sb.toString();
    }

    private void run() {
        checkOptions();
        if (configDir != null) {
            dir = configDir;
            dirFromEnvironment = true;
        } else {
            String env = System.getenv("MAIL_CONFIG");
            dir = env != null ? env : DEFAULT_CONFIG_DIR;
            dirFromEnvironment = env != null;
        }
        table = PostfixDefaults.postfix37().withProcessName(PROGRAM);
        for (String n : names) {
            if (n.contains("=") && !masterParams && !masterEntries) {
                throw new Fatal("editing main.cf is not supported by mailroom");
            }
        }
        if (masterEntries || masterParams) {
            master = readMaster(true);
            main = readMain();
            lint = main.lint(master);
            serviceDefaults = master.serviceParameterDefaults(table);
            lint.warnings().forEach(this::warn);
            if (masterParams) {
                showMasterParams();
            } else {
                showMasterEntries();
            }
            lint.unused().stream().filter(w -> w.contains("/master.cf: ")).forEach(this::warn);
            return;
        }
        main = defaults ? MainConfig.defaultsOnly(table) : readMain();
        master = readMaster(false);
        serviceDefaults = master.serviceParameterDefaults(table);
        if (!defaults) {
            lint = main.lint(master);
            lint.warnings().forEach(this::warn);
        }
        showParameters();
        if (!defaults) {
            lint.unused().forEach(this::warn);
        }
    }

    /** Postfix's checks of mutually exclusive and incompatible options, for our options. */
    private void checkOptions() {
        if (masterEntries && masterParams) {
            throw new Fatal("specify one of -M -P");
        }
        if (defaults && nonDefault) {
            throw new Fatal("specify one of -d -n");
        }
        List<String> excess = new ArrayList<>();
        if (masterEntries) {
            if (defaults) {
                excess.add("-d");
            }
            if (hideName) {
                excess.add("-h");
            }
            if (nonDefault) {
                excess.add("-n");
            }
            if (!excess.isEmpty()) {
                throw new Fatal("with option -M, do not specify " + String.join(" ", excess));
            }
        }
        if (masterParams) {
            if (defaults) {
                excess.add("-d");
            }
            if (nonDefault) {
                excess.add("-n");
            }
            if (!excess.isEmpty()) {
                throw new Fatal("with option -P, do not specify " + String.join(" ", excess));
            }
        }
    }

    private MainConfig readMain() {
        String file = dir + "/main.cf";
        String text;
        try {
            text = new String(Files.readAllBytes(Path.of(file)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Fatal("open " + file + ": No such file or directory");
        } catch (IOException e) {
            throw new Fatal("open " + file + ": " + e.getMessage());
        }
        try {
            MainConfig c = MainConfig.parse(text, file, table);
            c.warnings().forEach(this::warn);
            return c;
        } catch (ConfigException e) {
            throw new Fatal(e.getMessage());
        }
    }

    private MasterConfig readMaster(boolean failOnOpenError) {
        String file = dir + "/master.cf";
        String text;
        try {
            text = new String(Files.readAllBytes(Path.of(file)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            String reason = e instanceof NoSuchFileException ? "No such file or directory" : e.getMessage();
            if (failOnOpenError) {
                throw new Fatal("open " + file + ": " + reason);
            }
            warn("open " + file + ": " + reason);
            return MasterConfig.empty();
        }
        try {
            MasterConfig m = MasterConfig.parse(text, file).postconfView();
            m.warnings().forEach(this::warn);
            return m;
        } catch (ConfigException e) {
            throw new Fatal(e.getMessage().startsWith("file ") ? e.getMessage() : e.detail());
        }
    }

    // ---- main.cf parameters -------------------------------------------------------------

    /** The parameter names postconf knows, in its classes: built-in, per-service, user. */
    private Set<String> listedNames() {
        Set<String> all = new TreeSet<>(table.names());
        all.addAll(serviceDefaults.keySet());
        if (!defaults) {
            all.addAll(lint.userParameters());
            for (String legacy : table.legacyNames()) {
                if (main.raw(legacy).isPresent()) {
                    all.add(legacy);
                }
            }
        }
        return all;
    }

    private boolean isKnown(String name) {
        return table.isBuiltin(name) || table.legacyNames().contains(name) || serviceDefaults.containsKey(name)
                || (!defaults && lint.userParameters().contains(name));
    }

    /** The default postconf shows for a known parameter. */
    private String defaultOf(String name) {
        if (table.isBuiltin(name)) {
            return main.defaultValue(name).orElse("");
        }
        String s = serviceDefaults.get(name);
        return s != null ? s : "";
    }

    /** The value from main.cf (with config_directory as postconf sets it), or null. */
    private String mainValue(String name) {
        if (defaults) {
            return null;
        }
        if (table.isReadOnly(name)) {
            return null;
        }
        Optional<String> v = main.raw(name);
        if (v.isPresent()) {
            return v.get();
        }
        if (name.equals("config_directory") && dirFromEnvironment) {
            return dir;
        }
        return null;
    }

    /** What a $name reference sees in a service's scope (or globally when service is null). */
    private String lookup(String name, MasterService service) {
        if (!defaults && service != null) {
            if (name.equals("process_name")) {
                return service.processName();
            }
            if (name.equals("service_name")) {
                return service.serviceNameParameter();
            }
            String o = service.overrides().get(name);
            if (o != null) {
                return o;
            }
        }
        String v = mainValue(name);
        if (v != null) {
            return v;
        }
        return isKnown(name) ? defaultOf(name) : null;
    }

    private String expandValue(String value, MasterService service) {
        Function<String, String> lookup = n -> lookup(n, service);
        try {
            return Macros.expand(value, lookup, this::warn);
        } catch (ConfigException e) {
            throw new Fatal("macro processing error");
        }
    }

    private void showParameters() {
        if (names.isEmpty()) {
            for (String name : listedNames()) {
                printParameter(name);
            }
            return;
        }
        for (String name : names) {
            if (!isKnown(name)) {
                warn(name + ": unknown parameter");
            } else {
                printParameter(name);
            }
        }
    }

    private void printParameter(String name) {
        String value = mainValue(name);
        if (value == null) {
            if (nonDefault) {
                return;
            }
            value = defaultOf(name);
        }
        if (expand && !table.isRaw(name)) {
            value = expandValue(value, null);
        }
        printLine(hideName ? value : name + " = " + value);
    }

    /** Prints with white space runs collapsed to one space, as postconf does. */
    private void printLine(String text) {
        StringBuilder sb = new StringBuilder();
        for (String word : text.split("[ \t\r\n]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(word);
        }
        out.print(sb);
        out.print('\n');
    }

    // ---- master.cf ------------------------------------------------------------------------

    /** A {@code name[/type[/param]]} filter; null when malformed. */
    private static String[] pattern(String text, int min, int max) {
        if (text.startsWith("/")) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String p : text.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (parts.size() < min || parts.size() > max) {
            return null;
        }
        for (String p : parts) {
            if (!p.equals("*") && p.contains("*")) {
                return null;
            }
        }
        while (parts.size() < max) {
            parts.add("*");
        }
        return parts.toArray(new String[0]);
    }

    private static boolean matches(String pattern, String value) {
        return pattern.equals("*") || pattern.equals(value);
    }

    private void showMasterEntries() {
        List<String[]> filters = new ArrayList<>();
        for (String n : names) {
            String[] p = pattern(n, 1, 2);
            if (p == null) {
                throw new Fatal("-M option requires service_name[/type]");
            }
            filters.add(p);
        }
        int[] hits = new int[filters.size()];
        for (MasterService s : master.services()) {
            if (filters.isEmpty()) {
                printMasterEntry(s);
                continue;
            }
            for (int i = 0; i < filters.size(); i++) {
                if (matches(filters.get(i)[0], s.name()) && matches(filters.get(i)[1], s.type())) {
                    hits[i]++;
                    printMasterEntry(s);
                }
            }
        }
        for (int i = 0; i < filters.size(); i++) {
            if (hits[i] == 0) {
                warn("unmatched request: \"" + names.get(i) + "\"");
            }
        }
    }

    private void printMasterEntry(MasterService s) {
        List<String> argv = s.fields();
        int[] columns = {0, 11, 17, 25, 33, 41, 49, 57};
        StringBuilder line = new StringBuilder();
        for (int field = 0; field < 8; field++) {
            if (line.length() > 0) {
                do {
                    line.append(' ');
                } while (line.length() < columns[field]);
            }
            line.append(argv.get(field));
        }
        boolean inOptions = true;
        for (int field = 8; field < argv.size(); field++) {
            String arg = argv.get(field);
            String value = null;
            boolean braces = false;
            if (inOptions) {
                if (!arg.startsWith("-") || arg.equals("--")) {
                    inOptions = false;
                } else if (arg.length() >= 2 && arg.charAt(1) == 'o' && field + 1 < argv.size()) {
                    value = argv.get(field + 1);
                    if (arg.equals("-o") && expand) {
                        value = expandValue(value, s);
                    }
                    braces = hasBlank(value);
                }
            } else {
                braces = hasBlank(arg);
            }
            line.append(' ');
            if (!inOptions && braces) {
                line.append('{').append(arg).append('}');
            } else {
                line.append(arg);
            }
            if (value != null) {
                line.append(' ');
                line.append(braces ? "{" + value + "}" : value);
                field++;
            }
        }
        out.print(line);
        out.print('\n');
    }

    private static boolean hasBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    private void showMasterParams() {
        List<String[]> filters = new ArrayList<>();
        for (String n : names) {
            String[] p = pattern(n, 1, 3);
            if (p == null) {
                throw new Fatal("-P option requires service_name[/type[/parameter]]");
            }
            filters.add(p);
        }
        int[] hits = new int[filters.size()];
        for (MasterService s : master.services()) {
            if (s.overrides().isEmpty()) {
                continue;
            }
            if (filters.isEmpty()) {
                printAllParams(s);
                continue;
            }
            for (int i = 0; i < filters.size(); i++) {
                String[] f = filters.get(i);
                if (matches(f[0], s.name()) && matches(f[1], s.type())) {
                    if (f[2].equals("*")) {
                        printAllParams(s);
                        hits[i]++;
                    } else if (s.overrides().containsKey(f[2])) {
                        printMasterParam(s, f[2], s.overrides().get(f[2]));
                        hits[i]++;
                    }
                }
            }
        }
        for (int i = 0; i < filters.size(); i++) {
            if (hits[i] == 0) {
                warn("unmatched request: \"" + names.get(i) + "\"");
            }
        }
    }

    private void printAllParams(MasterService s) {
        Map<String, String> sorted = new java.util.TreeMap<>(s.overrides());
        sorted.forEach((k, v) -> printMasterParam(s, k, v));
    }

    private void printMasterParam(MasterService s, String name, String value) {
        String v = expand ? expandValue(value, s) : value;
        printLine(hideName ? v : s.id() + "/" + name + " = " + v);
    }

    @Override
    public String toString() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("dir", dir);
        state.put("names", names);
        return "PostconfCommand" + state;
    }
}
