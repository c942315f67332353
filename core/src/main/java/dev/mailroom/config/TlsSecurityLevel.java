package dev.mailroom.config;

import java.util.List;

/**
 * The global TLS security level of Postfix's SMTP or LMTP client, as {@code smtp(8)}
 * computes it: {@code smtp_tls_security_level} when set; otherwise from the older
 * parameters: {@code smtp_enforce_tls = yes} gives {@code verify} (with
 * {@code smtp_tls_enforce_peername = yes}, the default) or {@code encrypt};
 * {@code smtp_use_tls = yes} gives {@code may}; else {@code none}.
 */
public final class TlsSecurityLevel {

    private static final List<String> LEVELS = List.of("none", "may", "encrypt", "dane", "dane-only", "fingerprint",
            "verify", "secure");

    private TlsSecurityLevel() {
    }

    /**
     * @param config the configuration (or a service's view of it)
     * @param client {@code smtp} or {@code lmtp}: the parameter name prefix
     * @return the level in effect: {@code none}, {@code may}, {@code encrypt}, {@code dane},
     *     {@code dane-only}, {@code fingerprint}, {@code verify} or {@code secure}
     * @throws ConfigException when the level is not one of those (Postfix:
     *     {@code invalid tls security level: "x"}) or a boolean is malformed
     * @throws IllegalArgumentException when client is neither {@code smtp} nor {@code lmtp}
     */
    public static String effective(MainConfig config, String client) {
        if (!client.equals("smtp") && !client.equals("lmtp")) {
            throw new IllegalArgumentException("client must be smtp or lmtp: " + client);
        }
        String level = config.get(client + "_tls_security_level").strip();
        if (!level.isEmpty()) {
            String lower = level.toLowerCase(java.util.Locale.ROOT);
            if (!LEVELS.contains(lower)) {
                String detail = "invalid tls security level: \"" + level + "\"";
                throw new ConfigException(config.file() + ": " + detail, config.file(), 0, detail);
            }
            return lower;
        }
        if (config.getBoolean(client + "_enforce_tls")) {
            return config.getBoolean(client + "_tls_enforce_peername") ? "verify" : "encrypt";
        }
        return config.getBoolean(client + "_use_tls") ? "may" : "none";
    }
}
