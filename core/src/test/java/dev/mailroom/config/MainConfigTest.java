package dev.mailroom.config;

import static dev.mailroom.config.TestFacts.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MainConfigTest {

    @Test
    void d1_dollarForms_allExpand() {
        MainConfig c = main("mail_name = alpha", "smtpd_banner = $mail_name ${mail_name}x $(mail_name)y");
        assertEquals("alpha alphax alphay", c.get("smtpd_banner"));
    }

    @Test
    void d2_questionMark_givesTextOnlyWhenNonEmpty() {
        MainConfig c = main("mail_name = alpha", "emptyp =", "bounce_notice_recipient = ${mail_name?set} ${emptyp?set}|");
        assertEquals("set |", c.get("bounce_notice_recipient"));
    }

    @Test
    void d3_colon_givesTextWhenEmptyOrUndefined() {
        MainConfig c = main("mail_name = alpha", "emptyp =", "delay_notice_recipient = ${mail_name:unset} ${emptyp:unset}|");
        // the stored value keeps the leading blank; postconf shows it collapsed
        assertEquals(" unset|", c.get("delay_notice_recipient"));
        assertEquals("yes", main("x = ${nosuch:yes}").get("x"));
    }

    @Test
    void d4_ternary_picksBranch() {
        MainConfig c = main("mail_name = alpha", "emptyp =", "2bounce_notice_recipient = ${mail_name?{yes}:{no}} ${emptyp?{yes}:{no}}");
        assertEquals("yes no", c.get("2bounce_notice_recipient"));
    }

    @Test
    void d5_whitespaceOutsideBraces_isIgnored_insideKept() {
        MainConfig c = main("mail_name = alpha", "emptyp =",
                "smtpd_sasl_local_domain = X${mail_name?{ braced }}Y|X${emptyp:{ alt }}Y|X${mail_name?  {b2}  }Y");
        assertEquals("X braced Y|X alt Y|Xb2Y", c.get("smtpd_sasl_local_domain"));
    }

    @Test
    void d6_doubleDollar_isLiteralDollar() {
        assertEquals("cost $5", main("milter_macro_daemon_name = cost $$5").get("milter_macro_daemon_name"));
    }

    @Test
    void d7_relational_comparesStrings() {
        assertEquals("eq", main("header_size_limit = ${{abc} == {abc} ? {eq} : {ne}}").get("header_size_limit"));
        assertEquals("lt", main("x = ${{9} < {10} ? {lt} : {ge}}").get("x"), "numeric when both sides are digits");
        assertEquals("ge", main("x = ${{9} < {10a} ? {lt} : {ge}}").get("x"), "lexicographic otherwise");
        assertEquals("true", main("x = ${{a} != {b}}").get("x"), "a bare relation reads true or empty");
    }

    @Test
    void relational_levelOperators_compareCompatibilityLevels() {
        MainConfig old = main("x = ${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}");
        assertEquals("md5", old.get("x"));
        MainConfig recent = main("compatibility_level = 3.6", "x = ${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}");
        assertEquals("sha256", recent.get("x"));
        assertEquals("yes", main("x = ${{3.10} >level {3.9} ? {yes} : {no}}").get("x"), "3.10 is after 3.9");
        assertEquals("yes", main("x = ${{2} >=level {2.0.0} ? {yes} : {no}}").get("x"));
    }

    @Test
    void postfixDefaults_useCompatibilityLevel() {
        assertEquals("md5", main().get("smtp_tls_fingerprint_digest"));
        assertEquals("sha256", main("compatibility_level = 3.6").get("smtp_tls_fingerprint_digest"));
        assertEquals("subnet", main().get("mynetworks_style"));
        assertEquals("host", main("compatibility_level = 2").get("mynetworks_style"));
        assertTrue(main().getBoolean("append_dot_mydomain"));
        assertFalse(main("compatibility_level = 3.6").getBoolean("append_dot_mydomain"));
        assertEquals("vm.localdomain, localhost.localdomain, localhost", main().get("relay_domains"),
                "relay_domains defaults to $mydestination below level 2");
    }

    @Test
    void relational_badLevel_failsWithPostfixWarning() {
        ConfigException e = assertThrows(ConfigException.class, () -> main("x = ${{abc} <level {2} ? {a} : {b}}").get("x"));
        assertTrue(e.getMessage().contains("malformed compatibility level syntax: \"abc\""), e.getMessage());
        assertEquals(1, e.line());
    }

    @Test
    void d8_lastAssignmentWins_withOverrideWarning() {
        MainConfig c = main("# first", "mynetworks = first", "mynetworks = second", "mynetworks = second");
        assertEquals("second", c.get("mynetworks"));
        assertEquals(List.of("DIR/main.cf, line 3: overriding earlier entry: mynetworks=first"), c.warnings());
        assertEquals(4, c.line("mynetworks").getAsInt(), "the line of the last assignment");
    }

    @Test
    void d9_undefinedName_expandsToNothing_andLintReportsIt() {
        MainConfig c = main("smtp_helo_name = $nosuchparam end");
        assertEquals(" end", c.get("smtp_helo_name"));
        assertEquals(List.of("DIR/main.cf: undefined parameter: nosuchparam"), c.lint().warnings());
    }

    @Test
    void d10_lineWithoutEquals_isFatal_withFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> main("# comment", "this is bad"));
        assertEquals("DIR/main.cf, line 2: missing '=' after attribute name: \"this is bad\"", e.getMessage());
        assertEquals(Optional.of("DIR/main.cf"), e.file());
        assertEquals(2, e.line());
        assertEquals("missing '=' after attribute name: \"this is bad\"", e.detail());
    }

    @Test
    void missingName_isFatal() {
        ConfigException e = assertThrows(ConfigException.class, () -> main("a = b", "= value"));
        assertEquals("DIR/main.cf, line 2: missing attribute name: \"= value\"", e.getMessage());
    }

    @Test
    void continuationAndComments_followPostfix() {
        MainConfig c = main("relay_domains = a.example,", "   b.example", "# not a comment inside? yes it is", "  c.example",
                "myhostname = h.example", " = novalue", "mail_name = b # c", "syslog_name=nospaces");
        assertEquals("a.example,   b.example  c.example", c.raw("relay_domains").get());
        assertEquals(List.of("a.example", "b.example", "c.example"), c.getList("relay_domains"));
        assertEquals("h.example = novalue", c.get("myhostname"));
        assertEquals("b # c", c.get("mail_name"));
        assertEquals("nospaces", c.get("syslog_name"));
    }

    @Test
    void recursion_isDetected_withFileAndLine() {
        MainConfig c = main("aa = $bb", "bb = x $aa y");
        ConfigException e = assertThrows(ConfigException.class, () -> c.get("aa"));
        assertEquals(1, e.line());
        assertTrue(e.detail().contains("unreasonable macro call nesting"), e.detail());
    }

    @Test
    void syntaxErrors_areReported() {
        assertTrue(assertThrows(ConfigException.class, () -> main("a = ${bb").get("a")).detail()
                .contains("truncated macro reference: \"${bb\""));
        assertTrue(assertThrows(ConfigException.class, () -> main("a = $ x").get("a")).detail()
                .contains("empty macro name"));
        assertTrue(assertThrows(ConfigException.class, () -> main("a = ${b c}").get("a")).detail()
                .contains("attribute name syntax error at: \"...b>>> c\""));
        assertTrue(assertThrows(ConfigException.class, () -> main("a = ${{x} == {y} ! {z}}").get("a")).detail()
                .contains("\"?\" or \":\" expected at"));
    }

    @Test
    void lists_splitOnCommaAndSpace_keepingBraceGroups() {
        MainConfig c = main("smtp_sasl_mechanism_filter = plain, login", "virtual_alias_maps = inline:{a=b, c=d},hash:/x  {x y}");
        assertEquals(List.of("plain", "login"), c.getList("smtp_sasl_mechanism_filter"));
        assertEquals(List.of("inline:{a=b, c=d}", "hash:/x", "{x y}"), c.getList("virtual_alias_maps"));
        assertEquals(List.of(), c.getList("relayhost"));
    }

    @Test
    void booleans_acceptYesNoAnyCase_andRejectOthers() {
        MainConfig c = main("smtp_use_tls = YES", "biff = maybe");
        assertTrue(c.getBoolean("smtp_use_tls"));
        assertFalse(c.getBoolean("smtp_sasl_auth_enable"), "default no");
        ConfigException e = assertThrows(ConfigException.class, () -> c.getBoolean("biff"));
        assertEquals("DIR/main.cf, line 2: bad boolean configuration: biff = maybe", e.getMessage());
    }

    @Test
    void times_useUnits_andTheParametersDefaultUnit() {
        MainConfig c = main("maximal_queue_lifetime = 5", "smtp_connect_timeout = 2m", "bounce_queue_lifetime = 1w",
                "minimal_backoff_time = 10h", "x = 3", "bad = 5y");
        assertEquals(Duration.ofDays(5), c.getTime("maximal_queue_lifetime"), "default unit of 5d is d");
        assertEquals(Duration.ofMinutes(2), c.getTime("smtp_connect_timeout"));
        assertEquals(Duration.ofDays(7), c.getTime("bounce_queue_lifetime"));
        assertEquals(Duration.ofHours(10), c.getTime("minimal_backoff_time"));
        assertEquals(Duration.ofSeconds(300), c.getTime("smtp_helo_timeout"), "default 300s");
        assertEquals(Duration.ofSeconds(3), c.getTime("x"), "seconds for unknown parameters");
        assertEquals(Duration.ofHours(3), c.getTime("x", 'h'));
        ConfigException e = assertThrows(ConfigException.class, () -> c.getTime("bad"));
        assertEquals("DIR/main.cf, line 6: parameter bad: bad time value or unit: 5y", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.getTime("x", 'y'));
    }

    @Test
    void sizesAndIntegers_parseWholeNumbers() {
        MainConfig c = main("message_size_limit = 52428800", "smtp_mx_address_limit = x5");
        assertEquals(52428800L, c.getLong("message_size_limit"));
        assertEquals(51200000L, c.getLong("mailbox_size_limit"));
        assertEquals(2, c.getInt("smtp_mx_session_limit"));
        ConfigException e = assertThrows(ConfigException.class, () -> c.getInt("smtp_mx_address_limit"));
        assertEquals("bad numerical configuration: smtp_mx_address_limit = x5", e.detail());
    }

    @Test
    void computedDefaults_comeFromMachineFacts() {
        MainConfig c = main();
        assertEquals("vm.localdomain", c.get("myhostname"));
        assertEquals("localdomain", c.get("mydomain"));
        assertEquals("127.0.0.0/8 192.0.2.0/24 [::1]/128 [fd00::]/64", c.get("mynetworks"));
        assertEquals("127.0.0.1/32 192.0.2.2/32 [::1]/128 [fd00::2]/128", main("compatibility_level = 3.6").get("mynetworks"));
        assertEquals("127.0.0.0/8 192.0.2.0/24", main("inet_protocols = ipv4").get("mynetworks"));
        assertEquals("127.0.0.0/8 [::1]/128", main("inet_interfaces = loopback-only").get("mynetworks"));
        assertEquals("vm.bar.test", main("mydomain = bar.test").get("myhostname"));
        assertEquals("localdomain", main("myhostname = foo").get("mydomain"));
        assertEquals("example.com", main("myhostname = mx.example.com").get("mydomain"));
        assertEquals("vm.", main("mydomain = $myhostname").get("mydomain"), "no endless loop; as postconf");
    }

    @Test
    void unknownParameters_areKept_andLintReportsUnused() {
        MainConfig c = main("foo = bar", "baz = $foo x", "relayhost = [smtp.example.com]:587", "process_id = 5");
        assertEquals("bar x", c.get("baz"));
        LintReport lint = c.lint();
        assertEquals(List.of("DIR/main.cf: unused parameter: baz=$foo x"), lint.unused());
        assertEquals(List.of("DIR/main.cf: read-only parameter assignment: process_id=5"), lint.warnings());
        assertEquals(java.util.Set.of("foo"), lint.userParameters());
    }

    @Test
    void lint_knowsServiceParameters_andRestrictionClasses() {
        MasterConfig master = MasterConfig.parse("relay unix - - y - - smtp -o x_rule=$myrule\n", "DIR/master.cf");
        MainConfig c = main("relay_destination_recipient_limit = 5", "smtpd_restriction_classes = myclass",
                "myclass = reject", "myrule = permit");
        LintReport lint = c.lint(master);
        assertEquals(List.of("DIR/master.cf: unused parameter: x_rule=$myrule"), lint.unused(),
                "as postconf says; main.cf names are all in use");
        assertEquals(java.util.Set.of("myclass", "myrule"), lint.userParameters());
        assertEquals(List.of("DIR/main.cf: unused parameter: myrule=permit",
                "DIR/main.cf: unused parameter: relay_destination_recipient_limit=5"),
                c.lint().unused(), "without master.cf neither the service name nor the reference is known");
    }

    @Test
    void entries_keepFileOrder_andRawValues() {
        MainConfig c = main("b = 2", "a = $b", "b = 3");
        assertEquals(Map.of("b", "3", "a", "$b"), c.entries());
        assertEquals(List.of("b", "a"), List.copyOf(c.entries().keySet()));
        assertEquals("3", c.get("a"));
        assertEquals(Optional.empty(), c.raw("relayhost"));
        assertEquals(Optional.of(""), c.rawOrDefault("relayhost"));
        assertEquals(Optional.empty(), c.find("nosuch"));
    }

    @Test
    void load_readsDirMainCf(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.cf"), "relayhost = [smtp.example.com]:submission\n");
        MainConfig c = MainConfig.load(dir, TestFacts.defaults());
        assertEquals("[smtp.example.com]:submission", c.get("relayhost"));
        assertEquals(dir.resolve("main.cf").toString(), c.file());
    }

    @Test
    void d14_defaults_matchPostconf() {
        PostfixDefaults d = TestFacts.defaults();
        assertEquals(Optional.of(""), d.defaultValue("relayhost"));
        assertEquals(Optional.of("smtp"), d.defaultValue("smtp_tcp_port"));
        assertEquals(Optional.of("24"), d.defaultValue("lmtp_tcp_port"));
        assertEquals(Optional.of("lmtp=24, smtp=25, smtps=submissions=465, submission=587"), d.defaultValue("known_tcp_ports"));
        assertEquals(Optional.of("5d"), d.defaultValue("maximal_queue_lifetime"));
        assertEquals('d', d.parameter("maximal_queue_lifetime").get().timeUnit());
        assertEquals(ParameterType.TIME, d.parameter("maximal_queue_lifetime").get().type());
        assertEquals(Optional.empty(), d.defaultValue("nosuch"));
    }
}
