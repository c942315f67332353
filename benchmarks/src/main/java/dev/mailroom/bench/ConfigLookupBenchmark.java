package dev.mailroom.bench;

import dev.mailroom.config.MachineFacts;
import dev.mailroom.config.MainConfig;
import dev.mailroom.config.PostfixDefaults;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Configuration is read once and its values many times: this measures parsing a typical
 * main.cf, the first (uncached) expansion of a value, and a cached read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConfigLookupBenchmark {

    static final String MAIN_CF = String.join("\n",
            "smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)",
            "biff = no",
            "append_dot_mydomain = no",
            "compatibility_level = 3.6",
            "smtp_tls_session_cache_database = btree:${data_directory}/smtp_scache",
            "myhostname = mail.example.com",
            "mydomain = example.com",
            "alias_maps = hash:/etc/aliases",
            "myorigin = $mydomain",
            "mydestination = $myhostname, localhost.$mydomain, localhost, $mydomain",
            "mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128",
            "    192.0.2.0/24",
            "recipient_delimiter = +",
            "home_mailbox = Maildir/",
            "maximal_queue_lifetime = 5d",
            "");

    PostfixDefaults defaults;
    MainConfig config;

    @Setup
    public void setUp() {
        defaults = PostfixDefaults.postfix37(MachineFacts.of("mail", List.of()));
        config = MainConfig.parse(MAIN_CF, "main.cf", defaults);
        config.get("mydestination");
    }

    /** Parse a 15-line main.cf. */
    @Benchmark
    public MainConfig parse() {
        return MainConfig.parse(MAIN_CF, "main.cf", defaults);
    }

    /** Parse, then expand one value that refers to three others (no cache yet). */
    @Benchmark
    public String parseAndExpandOnce() {
        return MainConfig.parse(MAIN_CF, "main.cf", defaults).get("mydestination");
    }

    /** Read an expanded value again (cached). */
    @Benchmark
    public String cachedGet() {
        return config.get("mydestination");
    }

    /** A typed read of a time value with the parameter's default unit. */
    @Benchmark
    public Duration getTime() {
        return config.getTime("maximal_queue_lifetime");
    }

    /** A default that uses the compatibility-level relational form. */
    @Benchmark
    public String relationalDefault() {
        return MainConfig.parse(MAIN_CF, "main.cf", defaults).get("smtp_tls_fingerprint_digest");
    }
}
