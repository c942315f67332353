package dev.mailroom.config;

import dev.mailroom.config.internal.Networks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Postfix 3.7 parameter defaults, as Debian 12's {@code postconf -d} prints them: every
 * built-in parameter name with its default, and for the parameters mailroom reads, their
 * type ({@link #readByMailroom()}).
 *
 * <p>Five defaults are computed from the machine, through {@link MachineFacts}:
 * {@code myhostname} (the host name, with {@code .$mydomain} or {@code .localdomain}
 * appended when it has no dot), {@code mydomain} ({@code $myhostname} without its first
 * label, or {@code localdomain}), {@code mynetworks} (the local networks under
 * {@code mynetworks_style}, {@code inet_interfaces} and {@code inet_protocols}),
 * {@code process_id} and {@code process_name}.
 *
 * <p>Per-service parameters that Postfix derives from {@code master.cf} entries (such as
 * {@code relay_destination_concurrency_limit}) are not in this table; see
 * {@link MasterConfig#serviceParameterDefaults()}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PostfixDefaults {

    private static final String RESOURCE = "internal/postfix-3.7-defaults.tsv";
    private static final Map<String, Parameter> TABLE = load();

    private static final Set<String> RAW = Set.of("command_execution_directory", "default_rbl_reply",
            "forward_path", "luser_relay", "mailbox_command", "postscreen_expansion_filter",
            "postscreen_reject_footer", "smtpd_expansion_filter", "smtpd_reject_footer");
    private static final Set<String> LEGACY = Set.of("virtual_maps", "fallback_relay",
            "authorized_verp_clients", "smtpd_client_connection_limit_exceptions", "postscreen_dnsbl_ttl",
            "postscreen_blacklist_action", "postscreen_dnsbl_whitelist_threshold",
            "postscreen_whitelist_interfaces", "lmtp_per_record_deadline", "smtp_per_record_deadline",
            "smtpd_per_record_deadline", "tlsproxy_client_level", "tlsproxy_client_policy");
    private static final Set<String> READ_ONLY = Set.of("process_name", "service_name", "process_id");

    private final MachineFacts facts;
    private final String processName;

    private PostfixDefaults(MachineFacts facts, String processName) {
        this.facts = facts;
        this.processName = processName;
    }

    /**
     * The 3.7 defaults with the facts of this machine ({@link MachineFacts#system()}).
     *
     * @return the defaults
     */
    public static PostfixDefaults postfix37() {
        return new PostfixDefaults(MachineFacts.system(), "mailroom");
    }

    /**
     * The 3.7 defaults with the given machine facts.
     *
     * @param facts where computed defaults come from
     * @return the defaults
     */
    public static PostfixDefaults postfix37(MachineFacts facts) {
        return new PostfixDefaults(Objects.requireNonNull(facts, "facts"), "mailroom");
    }

    /**
     * A copy that reports another {@code process_name} default (Postfix's is the program's
     * own name, such as {@code postconf} or {@code smtp}).
     *
     * @param name the program name
     * @return the changed copy
     */
    public PostfixDefaults withProcessName(String name) {
        return new PostfixDefaults(facts, Objects.requireNonNull(name, "name"));
    }

    /** @return the machine facts computed defaults come from */
    public MachineFacts facts() {
        return facts;
    }

    /** @return every built-in parameter name, sorted */
    public Set<String> names() {
        return TABLE.keySet();
    }

    /**
     * @param name a parameter name
     * @return true when Postfix 3.7 has a built-in parameter of that name
     */
    public boolean isBuiltin(String name) {
        return TABLE.containsKey(name);
    }

    /**
     * Parameters whose values Postfix never expands: {@code $name} in them is expanded later,
     * against other data (for example {@code mailbox_command} and {@code forward_path} use
     * {@code $user}, {@code $home}), so {@code postconf -x} prints them as they are.
     *
     * @param name a parameter name
     * @return true when the value is used raw
     */
    public boolean isRaw(String name) {
        return RAW.contains(name);
    }

    /**
     * Old parameter names that Postfix 3.7 still accepts (for example {@code virtual_maps},
     * {@code fallback_relay}): known, but without a default of their own, and not listed by
     * {@code postconf -d}.
     *
     * @return the legacy names
     */
    public Set<String> legacyNames() {
        return LEGACY;
    }

    /**
     * Parameters a program sets for itself ({@code process_name}, {@code service_name},
     * {@code process_id}); an assignment in {@code main.cf} is ignored with a warning.
     *
     * @param name a parameter name
     * @return true when read-only
     */
    public boolean isReadOnly(String name) {
        return READ_ONLY.contains(name);
    }

    /**
     * @param name a parameter name
     * @return its table row, when it is a built-in parameter
     */
    public Optional<Parameter> parameter(String name) {
        return Optional.ofNullable(TABLE.get(name));
    }

    /** @return every table row, sorted by name */
    public List<Parameter> parameters() {
        return List.copyOf(TABLE.values());
    }

    /** @return the rows of the parameters some mailroom module reads, sorted by name */
    public List<Parameter> readByMailroom() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : TABLE.values()) {
            if (p.type() != ParameterType.OTHER) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The default of a parameter with no configuration at all (what {@code postconf -d}
     * prints), computed defaults included.
     *
     * @param name the parameter name
     * @return the unexpanded default, or empty when Postfix has no such parameter
     */
    public Optional<String> defaultValue(String name) {
        return defaultValue(name, MainConfig.defaultsOnly(this));
    }

    /** The default of a parameter, computed defaults seeing the given configuration. */
    Optional<String> defaultValue(String name, MainConfig config) {
        Parameter p = TABLE.get(name);
        if (p == null) {
            return Optional.empty();
        }
        if (!p.computed()) {
            return Optional.of(p.defaultValue());
        }
        switch (name) {
            case "myhostname":
                return Optional.of(myhostname(config));
            case "mydomain": {
                String host = config.configured("myhostname");
                if (host == null) {
                    host = myhostname(config);
                }
                int dot = host.indexOf('.');
                return Optional.of(dot < 0 ? "localdomain" : host.substring(dot + 1));
            }
            case "mynetworks":
                return Optional.of(mynetworks(config));
            case "process_id":
                return Optional.of(Long.toString(facts.processId()));
            case "process_name":
                return Optional.of(processName);
            default:
                throw new IllegalStateException("no rule for computed default " + name);
        }
    }

    private String myhostname(MainConfig config) {
        String host = facts.hostName();
        if (host.indexOf('.') >= 0) {
            return host;
        }
        String domain = config.configured("mydomain");
        return host + "." + (domain == null ? "localdomain" : domain);
    }

    private String mynetworks(MainConfig config) {
        String interfaces = configuredOrDefault(config, "inet_interfaces");
        String style = configuredOrDefault(config, "mynetworks_style");
        String protocols = configuredOrDefault(config, "inet_protocols");
        return Networks.mynetworks(facts.addresses(), interfaces, style, protocols);
    }

    private String configuredOrDefault(MainConfig config, String name) {
        String v = config.configured(name);
        return v != null ? v : config.expand(TABLE.get(name).defaultValue());
    }

    private static Map<String, Parameter> load() {
        Map<String, Parameter> table = new TreeMap<>();
        try (InputStream in = PostfixDefaults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 3);
                String value = f[2];
                boolean computed = value.startsWith("(") && value.endsWith(")");
                table.put(f[0], new Parameter(f[0], type(f[1]), value, computed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(table);
    }

    private static ParameterType type(String t) {
        return switch (t) {
            case "string" -> ParameterType.STRING;
            case "list" -> ParameterType.LIST;
            case "bool" -> ParameterType.BOOLEAN;
            case "int" -> ParameterType.INTEGER;
            case "size" -> ParameterType.SIZE;
            case "time" -> ParameterType.TIME;
            case "-" -> ParameterType.OTHER;
            default -> throw new IllegalStateException("bad type in defaults table: " + t);
        };
    }
}
