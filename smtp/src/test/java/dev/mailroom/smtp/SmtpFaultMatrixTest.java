package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.ScriptedSmtpServer;
import dev.mailroom.testing.ServerAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault at every command, with the outcome each recipient must get. No fault may ever
 * produce "delivered" for a recipient whose message the server did not accept.
 */
@Timeout(60)
final class SmtpFaultMatrixTest {

    private static final Duration LIMIT = Duration.ofMillis(600);

    enum Fault {
        TRANSIENT(ServerAction.reply("451 4.3.0 local problem"), "deferred 4.3.0"),
        PERMANENT(ServerAction.reply("554 5.7.1 refused"), "bounced 5.7.1"),
        NO_STATUS_5XX(ServerAction.reply("550 go away"), "bounced 5.0.0"),
        DROP(ServerAction.drop(), "deferred 4.4.2"),
        SLOW(ServerAction.delay(Duration.ofMillis(2000), ServerAction.reply("250 2.0.0 too late")), "deferred 4.4.2"),
        GARBAGE(ServerAction.raw("this is not a reply\r\n"), "deferred 4.5.0"),
        OVERLONG(ServerAction.raw("250 " + "x".repeat(5000) + "\r\n"), "deferred 4.5.0"),
        BARE_CODE_MIXED(ServerAction.raw("250-first\r\n451 second\r\n"), "deferred 4.5.0");

        final ServerAction action;
        final String expected;

        Fault(ServerAction action, String expected) {
            this.action = action;
            this.expected = expected;
        }
    }

    static Stream<Arguments> transactionFaults() {
        List<Arguments> out = new ArrayList<>();
        for (String verb : List.of("MAIL", "RCPT", "DATA", ".", "BDAT")) {
            for (Fault f : Fault.values()) {
                for (boolean pipelining : List.of(true, false)) {
                    out.add(Arguments.of(verb, f, pipelining));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} pipelining={2}")
    @MethodSource("transactionFaults")
    void transactionFault_givesEachRecipientTheExpectedOutcome(String verb, Fault fault, boolean pipelining)
            throws Exception {
        ScriptedSmtpServer.Builder b = ScriptedSmtpServer.builder().on(verb, fault.action);
        if (!pipelining) {
            b.capabilities("SIZE 10240000", "8BITMIME", "ENHANCEDSTATUSCODES", "SMTPUTF8", "DSN", "CHUNKING");
        }
        try (ScriptedSmtpServer server = b.start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast()
                        .timeouts(SmtpTimeouts.all(LIMIT)).chunking(verb.equals("BDAT")).build())) {
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net", "c@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            List<String> expected = List.of(fault.expected, fault.expected);
            assertEquals(expected, Peers.outcomes(r), () -> r + "\n" + server.sessions());
            assertTrue(r.stream().noneMatch(x -> x instanceof RecipientResult.Delivered));
            if (fault == Fault.TRANSIENT || fault == Fault.PERMANENT) {
                assertTrue(r.get(0).reply().isPresent());
                assertTrue(r.get(0).diagnostic().contains("mx.scripted.test[127.0.0.1]"), r.get(0).diagnostic());
            }
        }
    }

    static Stream<Arguments> sessionFaults() {
        List<Arguments> out = new ArrayList<>();
        for (String verb : List.of("greeting", "EHLO")) {
            for (Fault f : Fault.values()) {
                out.add(Arguments.of(verb, f));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sessionFaults")
    void sessionFault_failsTheSessionWithAStatusAndSendsNoMail(String verb, Fault fault) throws Exception {
        ScriptedSmtpServer.Builder b = ScriptedSmtpServer.builder();
        if (verb.equals("greeting")) {
            b.greeting(fault.action);
        } else {
            b.on(verb, fault.action).on("HELO", fault.action);
        }
        try (ScriptedSmtpServer server = b.start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    Peers.endpoint(server), Peers.fast().timeouts(SmtpTimeouts.all(LIMIT)).build()));
            String expectedStatus = fault.expected.substring(fault.expected.indexOf(' ') + 1);
            if (verb.equals("greeting") && fault.expected.startsWith("bounced")) {
                // smtp_skip_5xx_greeting = yes: a 5xx greeting is soft
                expectedStatus = "4" + expectedStatus.substring(1);
            }
            assertEquals(expectedStatus, e.status().toString(), e.getMessage());
            assertFalse(Peers.commandVerbs(server).contains("MAIL"));
        }
    }

    static Stream<Arguments> tlsAndAuthFaults() {
        List<Arguments> out = new ArrayList<>();
        for (String verb : List.of("STARTTLS", "AUTH")) {
            for (Fault f : Fault.values()) {
                out.add(Arguments.of(verb, f));
            }
        }
        return out.stream();
    }

    /** Under encrypt, every STARTTLS or AUTH fault is a deferral (never a bounce, never clear text). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tlsAndAuthFaults")
    void starttlsOrAuthFault_underEncrypt_defersAndSendsNoMail(String verb, Fault fault) throws Exception {
        dev.mailroom.testing.TestPki pki = dev.mailroom.testing.TestPki.create("fault CA");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .tls(pki.issue("mx.scripted.test", "mx.scripted.test").serverContext())
                .capabilities("PIPELINING", "AUTH PLAIN", "ENHANCEDSTATUSCODES")
                .on(verb, fault.action).start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    Peers.endpoint(server), Peers.fast().timeouts(SmtpTimeouts.all(LIMIT))
                            .tlsLevel(TlsLevel.ENCRYPT)
                            .authentication(Authentication.password("alice", "pw".toCharArray())).build()));
            assertFalse(e.isPermanent(), e.getMessage());
            assertFalse(Peers.commandVerbs(server).contains("MAIL"));
            if (verb.equals("STARTTLS")) {
                assertFalse(Peers.commandVerbs(server).contains("AUTH"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("greetingCodes")
    void greeting5xx_isPermanentOnlyWhenSkip5xxGreetingIsOff(boolean skip) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .greeting(ServerAction.reply("554 5.3.2 not accepting mail")).start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    Peers.endpoint(server), Peers.fast().skip5xxGreeting(skip).build()));
            assertEquals(skip ? "4.3.2" : "5.3.2", e.status().toString());
            assertTrue(e.getMessage().contains("refused to talk to me: 554 5.3.2 not accepting mail"),
                    e.getMessage());
        }
    }

    static Stream<Boolean> greetingCodes() {
        return Stream.of(true, false);
    }
}
