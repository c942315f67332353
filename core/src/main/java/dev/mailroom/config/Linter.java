package dev.mailroom.config;

import dev.mailroom.config.internal.ListSplitter;
import dev.mailroom.config.internal.MacroExpander;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which names in {@code main.cf} and in {@code -o} overrides are in use, the way
 * {@code postconf} does: Postfix parameters, per-service parameters, and names referenced
 * as {@code $name} from any value (or default value), or listed in
 * {@code smtpd_restriction_classes}.
 */
final class Linter {

    private final MainConfig main;
    private final PostfixDefaults defaults;
    private final String dir;
    private final Set<String> known = new HashSet<>();
    private final Set<String> user = new TreeSet<>();
    private final Set<String> restrictionClasses = new HashSet<>();
    private final Map<MasterService, Set<String>> validInService = new IdentityHashMap<>();
    private final List<MasterService> withOverrides = new ArrayList<>();
    private final Map<String, String> mainEntries;
    private final Map<String, String> serviceDefaults;
    private final List<String> warnings = new ArrayList<>();

    private Linter(MainConfig main, MasterConfig master) {
        this.main = main;
        this.defaults = main.defaults();
        this.dir = main.configDirectory();
        this.mainEntries = new LinkedHashMap<>(main.entries());
        this.serviceDefaults = master.serviceParameterDefaults(defaults);
        known.addAll(defaults.names());
        known.addAll(defaults.legacyNames());
        known.addAll(serviceDefaults.keySet());
        for (MasterService s : master.services()) {
            if (!s.overrides().isEmpty()) {
                withOverrides.add(s);
                validInService.put(s, new HashSet<>());
            }
        }
    }

    static LintReport lint(MainConfig main, MasterConfig master) {
        return new Linter(main, master).run();
    }

    private LintReport run() {
        for (MasterService s : withOverrides) {
            scanNamespace(new LinkedHashMap<>(s.overrides()), s);
        }
        Set<String> tableNames = new TreeSet<>(known);
        for (String name : tableNames) {
            if (defaults.isRaw(name) || mainEntries.containsKey(name)) {
                continue;
            }
            String def = defaultOf(name);
            scan(def, null);
        }
        scanNamespace(mainEntries, null);
        List<String> unused = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(mainEntries).entrySet()) {
            if (!known.contains(e.getKey())) {
                unused.add(dir + "/main.cf: unused parameter: " + e.getKey() + "=" + e.getValue());
            }
        }
        for (MasterService s : withOverrides) {
            Set<String> valid = validInService.get(s);
            for (Map.Entry<String, String> e : new TreeMap<>(s.overrides()).entrySet()) {
                if (!known.contains(e.getKey()) && !valid.contains(e.getKey())) {
                    unused.add(dir + "/master.cf: unused parameter: " + e.getKey() + "=" + e.getValue());
                }
            }
        }
        return new LintReport(warnings, unused, user);
    }

    private String defaultOf(String name) {
        String s = serviceDefaults.get(name);
        if (s != null) {
            return s;
        }
        if (defaults.isBuiltin(name)) {
            return defaults.parameter(name).get().computed() ? "" : defaults.parameter(name).get().defaultValue();
        }
        return "";
    }

    private void scanNamespace(Map<String, String> dict, MasterService scope) {
        String classes = dict.get("smtpd_restriction_classes");
        if (classes != null) {
            MacroExpander.Result r = MacroExpander.expand(classes, MacroExpander.RECURSE,
                    (n, t) -> dict.get(n), warnings::add);
            for (String name : ListSplitter.split(r.text())) {
                if (scope == null) {
                    restrictionClasses.add(name);
                }
                flag(name, scope);
            }
        }
        for (Map.Entry<String, String> e : new ArrayList<>(dict.entrySet())) {
            String name = e.getKey();
            if (scope != null && restrictionClasses.contains(name)) {
                validInService.get(scope).add(name);
            }
            if (known.contains(name)) {
                if (defaults.isReadOnly(name)) {
                    warnings.add(dir + "/" + (scope == null ? "main.cf" : "master.cf")
                            + ": read-only parameter assignment: " + name + "=" + e.getValue());
                    dict.remove(name);
                    continue;
                }
                if (defaults.isRaw(name)) {
                    continue;
                }
            }
            scan(e.getValue(), scope);
        }
    }

    private void scan(String value, MasterService scope) {
        MacroExpander.expand(value, MacroExpander.SCAN, (n, t) -> {
            flag(n, scope);
            return null;
        }, warnings::add);
    }

    private void flag(String name, MasterService scope) {
        boolean supplied = false;
        if (scope != null && scope.overrides().containsKey(name)) {
            supplied = true;
            validInService.get(scope).add(name);
        } else if (mainEntries.containsKey(name)) {
            supplied = true;
            if (known.add(name)) {
                user.add(name);
            }
        }
        if (scope == null) {
            for (MasterService s : withOverrides) {
                if (s.overrides().containsKey(name)) {
                    supplied = true;
                    validInService.get(s).add(name);
                }
            }
        }
        if (!supplied && !known.contains(name)) {
            warnings.add(dir + "/" + (scope == null ? "main.cf" : "master.cf") + ": undefined parameter: " + name);
        }
    }

    @Override
    public String toString() {
        return "Linter[" + main.file() + "]";
    }
}
