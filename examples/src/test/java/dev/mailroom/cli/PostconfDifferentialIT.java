package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mailroom postconf} against Postfix 3.7's {@code postconf} on the four example sets
 * and on the D vectors: stdout byte for byte, stderr line for line, the same exit status.
 *
 * <p>Two normalisations, both because 3.7 itself is not reproducible: the
 * {@code process_id} line (each process prints its own pid), and the order of stderr lines
 * (3.7 prints "undefined parameter" and "unused parameter" warnings in hash-table order,
 * which changes from run to run); the lines themselves must be equal.
 */
final class PostconfDifferentialIT {

    static final List<String> SETS = List.of("smarthost", "internet-site", "backup-mx", "tricky");

    /** Names queried one by one: set in some sets, unset in others, computed, per-service, unknown. */
    static final List<String> NAMES = List.of("relayhost", "myhostname", "mydomain", "myorigin", "mydestination",
            "mynetworks", "mynetworks_style", "inet_interfaces", "smtp_sasl_password_maps", "smtp_sasl_auth_enable",
            "smtp_sasl_mechanism_filter", "smtp_tls_security_level", "smtp_use_tls", "smtp_tls_wrappermode",
            "smtp_tls_CAfile", "smtp_tls_policy_maps", "sender_dependent_relayhost_maps",
            "sender_dependent_default_transport_maps", "smtp_sender_dependent_authentication", "relay_domains",
            "relay_recipient_maps", "transport_maps", "maximal_queue_lifetime", "bounce_queue_lifetime",
            "minimal_backoff_time", "maximal_backoff_time", "queue_run_delay", "alias_maps", "alias_database",
            "home_mailbox", "recipient_delimiter", "propagate_unmatched_extensions", "mailbox_size_limit",
            "message_size_limit", "known_tcp_ports", "smtp_tcp_port", "lmtp_tcp_port", "compatibility_level",
            "smtp_tls_fingerprint_digest", "append_dot_mydomain", "smtputf8_enable", "virtual_alias_maps",
            "virtual_alias_domains", "virtual_mailbox_domains", "canonical_maps", "relocated_maps",
            "smtp_connect_timeout", "smtp_helo_timeout", "smtp_helo_name", "relay_recipient_limit",
            "relay_destination_concurrency_limit", "slow_time_limit", "maildrop_time_limit", "virtual_maps",
            "mailbox_command", "forward_path", "config_directory", "strict", "site_relay", "nosuch_parameter",
            "smtpd_banner", "mail_name", "local_transport", "default_transport", "relay_transport");

    @TempDir
    static Path tmp;

    @BeforeAll
    static void postfixIsThere() {
        assertTrue(Files.isExecutable(PostconfRunner.POSTCONF), "Postfix's postconf is needed: " + PostconfRunner.POSTCONF);
    }

    static Stream<String> sets() {
        return SETS.stream();
    }

    private static Path set(String name) throws Exception {
        Path dir = tmp.resolve(name);
        return Files.isDirectory(dir) ? dir : PostconfRunner.exampleSet(name, tmp);
    }

    static void assertSame(String... args) {
        PostconfRunner.Result real = PostconfRunner.postfix(Map.of(), args);
        PostconfRunner.Result ours = PostconfRunner.mailroom(args);
        assertSameResult(real, ours, String.join(" ", args));
    }

    static void assertSameResult(PostconfRunner.Result real, PostconfRunner.Result ours, String what) {
        assertAll(what,
                () -> assertEquals(normalise(real.out()), normalise(ours.out()), "stdout of " + what),
                () -> assertEquals(sortedLines(real.err()), sortedLines(ours.err()), "stderr of " + what),
                () -> assertEquals(real.status(), ours.status(), "exit status of " + what));
    }

    private static String normalise(String out) {
        return out.replaceAll("(?m)^process_id = \\d+$", "process_id = PID");
    }

    private static List<String> sortedLines(String err) {
        List<String> lines = new ArrayList<>(Arrays.asList(err.split("\n", -1)));
        lines.sort(null);
        return lines;
    }

    @ParameterizedTest
    @MethodSource("sets")
    void nonDefault_andExpanded_andFullListing(String name) throws Exception {
        String dir = set(name).toString();
        assertSame("-c", dir, "-n");
        assertSame("-c", dir, "-nx");
        assertSame("-c", dir, "-n", "-h");
        assertSame("-c", dir, "-x");
        assertSame("-c", dir);
        assertSame("-c", dir, "-d");
    }

    @ParameterizedTest
    @MethodSource("sets")
    void namedParameters_setAndUnset(String name) throws Exception {
        String dir = set(name).toString();
        List<String> args = new ArrayList<>(List.of("-c", dir));
        args.addAll(NAMES);
        assertSame(args.toArray(String[]::new));
        for (String flags : List.of("-x", "-h", "-hx", "-d", "-dx", "-n", "-nx")) {
            List<String> a = new ArrayList<>(List.of("-c", dir, flags));
            a.addAll(NAMES);
            assertSame(a.toArray(String[]::new));
        }
        for (String n : List.of("relayhost", "mydestination", "nosuch_parameter", "smtp_tls_security_level")) {
            assertSame("-c", dir, n);
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void masterEntries_andServiceParameters(String name) throws Exception {
        String dir = set(name).toString();
        assertSame("-c", dir, "-M");
        assertSame("-c", dir, "-Mx");
        assertSame("-c", dir, "-M", "smtps/unix", "relay", "nosuch/inet");
        assertSame("-c", dir, "-P");
        assertSame("-c", dir, "-Px");
        assertSame("-c", dir, "-Phx");
        assertSame("-c", dir, "-P", "relay/unix/syslog_name", "submission/inet/*", "smtps", "nosuch/unix/x");
        assertSame("-c", dir, "-P", "a/b/c/d");
    }

    @Test
    void mailConfigEnvironment_isHonoured() throws Exception {
        String dir = set("smarthost").toString();
        PostconfRunner.Result real = PostconfRunner.postfix(Map.of("MAIL_CONFIG", dir), "-n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        PostconfRunner.Result ours = PostconfRunner.run(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "postconf", "-n"), Map.of("MAIL_CONFIG", dir));
        assertSameResult(real, ours, "MAIL_CONFIG=" + dir + " postconf -n");
    }

    /** Writes main.cf (and master.cf) and compares the given query. */
    private static void vector(String mainCf, String masterCf, String... query) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "v");
        Files.writeString(dir.resolve("main.cf"), mainCf);
        Files.writeString(dir.resolve("master.cf"), masterCf);
        PostconfRunner.cool(dir.resolve("main.cf"));
        PostconfRunner.cool(dir.resolve("master.cf"));
        List<String> args = new ArrayList<>(List.of("-c", dir.toString()));
        args.addAll(List.of(query));
        assertSame(args.toArray(String[]::new));
    }

    @Test
    void vectorsD1toD13_andErrors() throws Exception {
        String m = "mail_name = alpha\nemptyp =\n";
        vector(m + "smtpd_banner = $mail_name ${mail_name}x $(mail_name)y\n", "", "-x", "smtpd_banner");
        vector(m + "bounce_notice_recipient = ${mail_name?set} ${emptyp?set}|\n", "", "-x", "bounce_notice_recipient");
        vector(m + "delay_notice_recipient = ${mail_name:unset} ${emptyp:unset}|\n", "", "-x", "delay_notice_recipient");
        vector(m + "2bounce_notice_recipient = ${mail_name?{yes}:{no}} ${emptyp?{yes}:{no}}\n", "", "-x",
                "2bounce_notice_recipient");
        vector(m + "smtpd_sasl_local_domain = X${mail_name?{ braced }}Y|X${emptyp:{ alt }}Y|X${mail_name?  {b2}  }Y\n",
                "", "-hx", "smtpd_sasl_local_domain");
        vector("milter_macro_daemon_name = cost $$5\n", "", "-x", "milter_macro_daemon_name");
        vector("header_size_limit = ${{abc} == {abc} ? {eq} : {ne}}\n", "", "-x", "header_size_limit");
        vector("mynetworks = first\n#\nmynetworks = second\n", "", "-x", "mynetworks");
        vector("smtp_helo_name = $nosuchparam end\n", "", "-x", "smtp_helo_name");
        vector("# c\nthis is bad\n", "", "-n");
        vector("= value\n", "", "-n");
        vector("", "relay unix - - y - - smtp\n  -o syslog_name=postfix/$service_name\n", "-Px", "relay/unix/syslog_name");
        vector("", "submission inet n - y - - smtpd\n  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n",
                "-P");
        vector("", "smtp inet n - y - - smtpd\nbroken unix\n", "-M");
        vector("", "smtp inet x - - - - smtpd\n", "-M");
        vector("", "smtp inet - - - - - smtpd -o {a=b\n", "-M");
        vector("aa = $bb\nbb = x $aa y\n", "", "-x", "aa");
        vector("aa = ${bb\n", "", "aa");
        vector("x = ${{abc} <level {2} ? {a} : {b}}\n", "", "-x", "x");
        vector("process_id = 5\nmail_version = 1\n", "", "-n");
        vector("", "", "-n", "-d");
        vector("", "", "-M", "-n");
        vector("", "", "-M", "-P");
        vector("", "", "-P", "-d");
    }

    @Test
    void restrictionClasses_readOnlyNames_andAttachedOptions() throws Exception {
        String main = String.join("\n", "smtpd_restriction_classes = $myclasses", "myclasses = c1 c2", "c1 = permit",
                "c2 = reject", "c3 = unused", "x1 = ${{$compatibility_level} <level {3.6} ? {a} : {b}}",
                "x2 = ${c1?{$c2}:{none}}", "x3 = $(c1) $${c2} ${c1:{$c3}}", "smtp_bind_address = ${x1}",
                "mail_version = 9.9", "service_name = foo", "");
        String master = String.join("\n", "smtp inet n - y - - smtpd -v -o smtpd_client_restrictions=$c3 -o c1=overridden",
                "  -osmtpd_helo_required=yes -vo smtpd_x=1",
                "relay unix - - y - - smtp -o { smtp_helo_name = $service_name.$myhostname }  foo {bar baz} -o x=y",
                "pipey unix - n n - - pipe argv=/bin/cat { -a b }", "");
        for (String[] q : new String[][] {{"-n"}, {"-nx"}, {"-M"}, {"-Mx"}, {"-P"}, {"-Px"},
            {"-x", "x1", "x2", "x3", "smtp_bind_address", "c3", "mail_version", "service_name", "process_name",
                "pipey_time_limit"}}) {
            vector(main, master, q);
        }
    }

    @Test
    void nonAsciiAndControlCharacters_inWarnings() throws Exception {
        vector("x = \u00e9t\u00e9\nmail_name = \u00e9\u0001z\ny = a\tb\n", "", "-n");
    }

    @Test
    void missingFiles_areReportedLikePostconf() throws Exception {
        Path empty = Files.createTempDirectory(tmp, "e");
        assertSame("-c", empty.toString(), "-n");
        assertSame("-c", empty.toString(), "-M");
        Files.writeString(empty.resolve("main.cf"), "relayhost = x\n");
        PostconfRunner.cool(empty.resolve("main.cf"));
        assertSame("-c", empty.toString(), "-n");
        assertSame("-c", empty.toString(), "-d", "relayhost");
    }
}
