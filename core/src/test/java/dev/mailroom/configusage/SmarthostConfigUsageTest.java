package dev.mailroom.configusage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.config.MachineFacts;
import dev.mailroom.config.MainConfig;
import dev.mailroom.config.MasterConfig;
import dev.mailroom.config.MasterService;
import dev.mailroom.config.PostfixDefaults;
import dev.mailroom.config.TlsSecurityLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses only the exported API, as an application would, on the smarthost configuration of issue 2. */
final class SmarthostConfigUsageTest {

    @Test
    void smarthostClient_readsAsPostfixWould(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.cf"), String.join("\n",
                "relayhost = [smtp.gmail.com]:submission",
                "smtp_sender_dependent_authentication = yes",
                "sender_dependent_relayhost_maps = hash:/etc/postfix/sender_relay",
                "smtp_sasl_auth_enable = yes",
                "smtp_sasl_mechanism_filter = plain, login",
                "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
                "smtp_sasl_security_options = noanonymous",
                "smtp_use_tls = yes",
                "smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt",
                "") );
        Files.writeString(dir.resolve("master.cf"), "smtps unix - - y - - smtp -o smtp_tls_wrappermode=yes\n");
        PostfixDefaults defaults = PostfixDefaults.postfix37(MachineFacts.of("desk.example.net", List.of()));
        MainConfig main = MainConfig.load(dir, defaults);
        MasterConfig master = MasterConfig.load(dir);

        assertEquals("[smtp.gmail.com]:submission", main.get("relayhost"));
        assertEquals("desk.example.net", main.get("myorigin"));
        assertEquals(List.of("plain", "login"), main.getList("smtp_sasl_mechanism_filter"));
        assertTrue(main.getBoolean("smtp_sender_dependent_authentication"));
        assertEquals("may", TlsSecurityLevel.effective(main, "smtp"));
        assertEquals(Duration.ofSeconds(30), main.getTime("smtp_connect_timeout"));
        assertEquals("lmtp=24, smtp=25, smtps=submissions=465, submission=587", main.get("known_tcp_ports"));
        MasterService smtps = master.service("smtps", "unix").orElseThrow();
        assertTrue(main.forService(smtps).getBoolean("smtp_tls_wrappermode"));
        assertTrue(main.lint(master).isClean(), () -> main.lint(master).messages().toString());
    }
}
