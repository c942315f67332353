package dev.mailroom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class MasterConfigTest {

    private static MasterConfig master(String... lines) {
        return MasterConfig.parse(String.join("\n", lines) + "\n", "DIR/master.cf");
    }

    @Test
    void d11_overrideIsExpandedInTheServicesContext() {
        MasterConfig m = master("# comment", "relay unix - - y - - smtp", "  -o syslog_name=postfix/$service_name");
        MasterService relay = m.service("relay", "unix").orElseThrow();
        assertEquals(Map.of("syslog_name", "postfix/$service_name"), relay.overrides());
        MainConfig view = TestFacts.main("mail_name = x").forService(relay);
        assertEquals("postfix/relay", view.get("syslog_name"));
        assertEquals("smtp", view.get("process_name"));
        assertEquals("postfix", TestFacts.main().get("syslog_name"), "main.cf itself is unchanged");
    }

    @Test
    void d12_groupedOverride_isNormalised() {
        MasterConfig m = master("submission inet n - y - - smtpd",
                "  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }");
        MasterService s = m.service("submission", "inet").orElseThrow();
        assertEquals("permit_sasl_authenticated, reject", s.overrides().get("smtpd_client_restrictions"));
        assertEquals(List.of("-o", "smtpd_client_restrictions=permit_sasl_authenticated, reject"), s.arguments());
    }

    @Test
    void d13_tooFewFields_isFatal_withFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> master("smtp inet n - y - - smtpd", "broken unix"));
        assertEquals("file DIR/master.cf: line 2: bad field count", e.getMessage());
        assertEquals(2, e.line());
        assertEquals("bad field count", e.detail());
    }

    @Test
    void invalidFields_areFatal() {
        assertEquals("invalid private field \"x\" in \"smtp inet x - - - - smtpd\"",
                assertThrows(ConfigException.class, () -> master("smtp inet x - - - - smtpd")).detail());
        assertEquals("invalid type field \"bogus\" in \"smtp bogus - - - - - smtpd\"",
                assertThrows(ConfigException.class, () -> master("smtp bogus - - - - - smtpd")).detail());
        assertEquals("invalid wakeup field \"x\" in \"smtp inet - - - x - smtpd\"",
                assertThrows(ConfigException.class, () -> master("smtp inet - - - x - smtpd")).detail());
        assertEquals("invalid process_limit field \"z\" in \"smtp inet - - - 5? z smtpd\"",
                assertThrows(ConfigException.class, () -> master("smtp inet - - - 5? z smtpd")).detail());
    }

    @Test
    void fields_defaultsAndCommandArguments() {
        MasterConfig m = master("smtp inet n - y - - smtpd",
                "maildrop unix - n n - - pipe",
                "  flags=DRhu user=vmail argv=/usr/bin/maildrop -d ${recipient} { a b }",
                "smtps unix - - y 60? 10 smtp -osmtp_tls_wrappermode=yes");
        MasterService smtpd = m.services().get(0);
        assertFalse(smtpd.isPrivate());
        assertTrue(smtpd.isUnprivileged());
        assertTrue(smtpd.isChroot());
        MasterService maildrop = m.services().get(1);
        assertTrue(maildrop.isPrivate());
        assertFalse(maildrop.isUnprivileged());
        assertEquals(List.of("flags=DRhu", "user=vmail", "argv=/usr/bin/maildrop", "-d", "${recipient}", "a b"),
                maildrop.arguments());
        MasterService smtps = m.service("smtps", "unix").orElseThrow();
        assertEquals("60?", smtps.wakeup());
        assertEquals("10", smtps.maxProcesses());
        assertEquals(Map.of("smtp_tls_wrappermode", "yes"), smtps.overrides());
        assertEquals(List.of("smtps", "unix", "-", "-", "y", "60?", "10", "smtp", "-o", "smtp_tls_wrappermode=yes"),
                smtps.fields());
    }

    @Test
    void serviceView_appliesOverridesToTypedReads() {
        MasterConfig m = master("smtps unix - - y - - smtp -o smtp_tls_wrappermode=yes -o smtp_connect_timeout=1m");
        MainConfig main = TestFacts.main("smtp_use_tls = yes");
        MainConfig smtps = main.forService(m.service("smtps", "unix").orElseThrow());
        assertTrue(smtps.getBoolean("smtp_tls_wrappermode"));
        assertFalse(main.getBoolean("smtp_tls_wrappermode"));
        assertEquals(Duration.ofMinutes(1), smtps.getTime("smtp_connect_timeout"));
        assertTrue(smtps.getBoolean("smtp_use_tls"), "main.cf shows through");
    }

    @Test
    void duplicateServices_areKept_lastOneWins() {
        MasterConfig m = master("relay unix - - y - - smtp", "relay unix - - y - - smtp -o a=b");
        assertEquals(2, m.services().size());
        assertEquals(Map.of("a", "b"), m.service("relay", "unix").orElseThrow().overrides());
    }

    @Test
    void serviceParameters_followTheDeliveryAgents() {
        MasterConfig m = master("relay unix - - y - - smtp", "local unix - n n - - local",
                "uucp unix - n n - - pipe flags=Fqhu user=uucp argv=uux -r -n -z -a$sender - $nexthop!rmail ($recipient)",
                "smtp inet n - y - - smtpd");
        Map<String, String> p = m.serviceParameterDefaults(TestFacts.defaults());
        assertEquals("$default_recipient_limit", p.get("relay_recipient_limit"));
        assertEquals("$command_time_limit", p.get("uucp_time_limit"));
        assertFalse(p.containsKey("local_destination_concurrency_limit"), "built in, keeps its own default");
        assertFalse(p.containsKey("smtp_recipient_limit"), "smtpd is not a delivery agent");
        assertEquals(16 + 14 + 17, p.size());
    }

    @Test
    void attachedOptions_areSplitAsTheDaemonReadsThem_andAsPostconfShowsThem() {
        MasterConfig m = master("smtp inet n - y - - smtpd -v -osmtpd_helo_required=yes -vo smtpd_x=1 -vosmtpd_y=2");
        MasterService daemon = m.services().get(0);
        assertEquals(Map.of("smtpd_helo_required", "yes", "smtpd_x", "1", "smtpd_y", "2"), daemon.overrides());
        assertEquals(List.of("-v", "-o", "smtpd_helo_required=yes", "-v", "-o", "smtpd_x=1", "-v", "-o", "smtpd_y=2"),
                daemon.arguments());
        MasterService shown = m.postconfView().services().get(0);
        assertEquals(List.of("-v", "-o", "smtpd_hel", "-o", "_required=yes", "-v", "-o", "smtpd_x=1", "-v", "-o",
                "smtpd_y=2"), shown.arguments(), "postconf splits at the o of helo");
        assertEquals(Map.of("_required", "yes", "smtpd_x", "1", "smtpd_y", "2"), shown.overrides());
    }
}
