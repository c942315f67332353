package dev.mailroom.config;

import static dev.mailroom.config.TestFacts.main;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class TlsSecurityLevelTest {

    @Test
    void explicitLevel_wins_andIsCaseInsensitive() {
        assertEquals("encrypt", TlsSecurityLevel.effective(main("smtp_tls_security_level = Encrypt", "smtp_use_tls = no"), "smtp"));
    }

    @Test
    void legacyParameters_giveTheLevel_whenNoneIsSet() {
        assertEquals("none", TlsSecurityLevel.effective(main(), "smtp"));
        assertEquals("may", TlsSecurityLevel.effective(main("smtp_use_tls = yes"), "smtp"));
        assertEquals("verify", TlsSecurityLevel.effective(main("smtp_enforce_tls = yes"), "smtp"));
        assertEquals("encrypt", TlsSecurityLevel.effective(main("smtp_enforce_tls = yes", "smtp_tls_enforce_peername = no"),
                "smtp"));
        assertEquals("may", TlsSecurityLevel.effective(main("lmtp_use_tls = yes"), "lmtp"));
    }

    @Test
    void badLevel_andBadClient_areRejected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TlsSecurityLevel.effective(main("smtp_tls_security_level = maybe"), "smtp"));
        assertEquals("invalid tls security level: \"maybe\"", e.detail());
        assertThrows(IllegalArgumentException.class, () -> TlsSecurityLevel.effective(main(), "smtpd"));
    }
}
