package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.PostfixInstance;
import dev.mailroom.testing.ScriptedSmtpServer;
import dev.mailroom.testing.ServerAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: the mechanism real Postfix 3.7 (with Debian's Cyrus SASL 2.1.28 plugins)
 * picks, against fake servers offering various AUTH lists under various filters and security
 * options, must be the one {@link MechanismChooser} picks. One private Postfix instance, one
 * message with a recipient per scenario; each recipient is routed to its own smtp(8) service
 * (with the scenario's {@code -o} settings) and its own scripted loopback server, which offers
 * the scenario's AUTH list and refuses AUTH and MAIL. Fails when Postfix is not installed.
 */
final class PostfixMechanismChoiceIT {

    /** One setup: what the server offers, the Postfix settings of the client, and the choice seen. */
    record Scenario(String offer, String filter, String options, String expected) {
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("LOGIN PLAIN", "plain,login", "noanonymous", "PLAIN"),
            new Scenario("PLAIN LOGIN", "plain,login", "noanonymous", "PLAIN"),
            new Scenario("LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH", "", "noanonymous", "PLAIN"),
            new Scenario("PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256", "", null, "SCRAM-SHA-256"),
            new Scenario("LOGIN PLAIN CRAM-MD5", "", null, "CRAM-MD5"),
            new Scenario("DIGEST-MD5 CRAM-MD5 SCRAM-SHA-1", "", null, "SCRAM-SHA-1"),
            new Scenario("CRAM-MD5 DIGEST-MD5", "", null, "DIGEST-MD5"),
            new Scenario("PLAIN LOGIN", "", null, "none"),
            new Scenario("NTLM CRAM-MD5", "", null, "CRAM-MD5"),
            new Scenario("CRAM-MD5 NTLM", "", null, "CRAM-MD5"),
            new Scenario("CRAM-MD5 PLAIN", "", "mutual_auth", "none"),
            new Scenario("ANONYMOUS PLAIN", "", "", "PLAIN"),
            new Scenario("PLAIN ANONYMOUS", "", "noplaintext", "ANONYMOUS"),
            new Scenario("CRAM-MD5 PLAIN", "!cram-md5,static:all", "noanonymous", "PLAIN"),
            new Scenario("SCRAM-SHA-256 SCRAM-SHA-512 SCRAM-SHA-1", "", null, "SCRAM-SHA-512"),
            new Scenario("CRAM-MD5 SCRAM-SHA-1 DIGEST-MD5", "", "noactive", "SCRAM-SHA-1"),
            new Scenario("DIGEST-MD5 CRAM-MD5 PLAIN", "", "mutual_auth", "DIGEST-MD5"),
            new Scenario("LOGIN", "plain", "noanonymous", "none"));

    @TempDir
    Path dir;

    @Test
    void postfixAndMailroom_chooseTheSameMechanism() throws Exception {
        List<ScriptedSmtpServer> servers = new ArrayList<>();
        List<String> transport = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        PostfixInstance.Builder postfix = PostfixInstance.builder(dir.resolve("postfix"))
                .param("compatibility_level", "3.7")
                .param("myhostname", "client.example.test")
                .param("mydestination", "")
                .param("smtp_sasl_auth_enable", "yes")
                .param("smtp_sasl_password_maps", "static:user:secret");
        try {
            for (int i = 0; i < SCENARIOS.size(); i++) {
                Scenario s = SCENARIOS.get(i);
                ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                        .capabilities("AUTH " + s.offer(), "8BITMIME")
                        .on("AUTH", ServerAction.reply("535 5.7.8 refused by the test server"))
                        .on("MAIL", ServerAction.reply("451 4.3.0 test server takes no mail"))
                        .start();
                servers.add(server);
                String rcpt = "r" + i + "@example.test";
                recipients.add(rcpt);
                transport.add(rcpt + "=s" + i + ":[127.0.0.1]:" + server.port());
                postfix.masterLine("s" + i + " unix - - n - - smtp -o smtp_sasl_mechanism_filter=" + s.filter()
                        + (s.options() == null ? "" : " -o smtp_sasl_security_options=" + s.options()));
            }
            postfix.param("transport_maps", "inline:{" + String.join(", ", transport) + "}");
            try (PostfixInstance pf = postfix.start()) {
                pf.sendmail("s@example.test", recipients,
                        "Subject: mechanism choice\n\nbody\n".getBytes(StandardCharsets.US_ASCII));
                pf.awaitSettled(Duration.ofSeconds(90));

                List<String> mismatches = new ArrayList<>();
                for (int i = 0; i < SCENARIOS.size(); i++) {
                    Scenario s = SCENARIOS.get(i);
                    String chosenByPostfix = firstAuth(servers.get(i));
                    SaslPolicy policy = SaslPolicy.fromParameters(
                            MechanismFilter.parse(s.filter(), (table, key) -> table.startsWith("static:")),
                            s.options(), null, null);
                    List<String> clientMechs = new ArrayList<>(SaslMechanisms.PASSWORD_MECHANISMS);
                    clientMechs.add("ANONYMOUS");
                    Optional<String> ours = MechanismChooser.of(policy).withClientMechanisms(clientMechs)
                            .choose(MechanismChooser.parseOffer(s.offer()), TlsState.NONE).selected();
                    if (!chosenByPostfix.equals(ours.orElse("none")) || !chosenByPostfix.equals(s.expected())) {
                        mismatches.add(s + ": postfix " + chosenByPostfix + ", mailroom " + ours.orElse("none"));
                    }
                }
                assertEquals(List.of(), mismatches);
            }
        } finally {
            for (ScriptedSmtpServer s : servers) {
                s.close();
            }
        }
    }

    /** The mechanism of the first AUTH command the server saw, or "none" when Postfix sent none. */
    private static String firstAuth(ScriptedSmtpServer server) {
        assertTrue(!server.sessions().isEmpty(), "Postfix never connected to the server on port " + server.port());
        return server.sessions().stream()
                .flatMap(session -> session.commands().stream())
                .filter(c -> c.toUpperCase(Locale.ROOT).startsWith("AUTH "))
                .map(c -> c.substring(5).split(" ")[0].toUpperCase(Locale.ROOT))
                .findFirst()
                .orElse("none");
    }
}
