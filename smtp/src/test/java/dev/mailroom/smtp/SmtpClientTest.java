package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.ScriptedSmtpServer;
import dev.mailroom.testing.ServerAction;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
final class SmtpClientTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static SmtpOptions.Builder opts() {
        return Peers.fast().timeouts(SmtpTimeouts.all(Duration.ofSeconds(2)));
    }

    @Test
    void mx_firstPreferenceRefused_failsOverToNextMx() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            Dns dns = Dns.table().mx("example.net", 10, "mx1.example.net").mx("example.net", 20, "mx2.example.net")
                    .address("mx1.example.net", ip("127.0.0.2")).address("mx2.example.net", ip("127.0.0.1")).build();
            try (SmtpClient c = SmtpClient.create(opts().build(), dns)) {
                DeliveryReport r = c.deliver("example.net:" + server.port(), Envelope.of("a@example.org",
                        "b@example.net"), MessageContent.of(Peers.MESSAGE));
                assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r.results()));
                assertTrue(r.attempts().get(0).startsWith("connect to mx1.example.net[127.0.0.2]:" + server.port()),
                        r.attempts().toString());
            }
        }
    }

    @Test
    void greeting4xxOnPrimary_deliversThroughFallbackRelay() throws Exception {
        try (ScriptedSmtpServer bad = ScriptedSmtpServer.builder()
                .greeting(ServerAction.reply("421 4.3.2 busy")).start();
                ScriptedSmtpServer good = ScriptedSmtpServer.builder().start();
                SmtpClient c = SmtpClient.create(opts().fallbackRelays(List.of("[127.0.0.1]:" + good.port())).build(),
                        Dns.table().build())) {
            DeliveryReport r = c.deliver("[127.0.0.1]:" + bad.port(), Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r.results()));
            assertEquals(1, good.messages().size());
        }
    }

    @Test
    void rcpt450WithFallbackToSameServer_triesTwiceThenDefers() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", ServerAction.reply("450 4.2.0 try later")).start();
                SmtpClient c = SmtpClient.create(opts().connectionCacheTimeLimit(Duration.ZERO)
                        .fallbackRelays(List.of("[127.0.0.1]:" + server.port())).build(), Dns.table().build())) {
            DeliveryReport r = c.deliver("[127.0.0.1]:" + server.port(), Envelope.of("a@example.org",
                    "b@example.net"), MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("deferred 4.2.0"), Peers.outcomes(r.results()));
            assertEquals(2, Peers.commandVerbs(server).stream().filter("RCPT"::equals).count());
            assertTrue(r.results().get(0).diagnostic().contains("450 4.2.0 try later (in reply to RCPT TO command)"));
        }
    }

    @Test
    void rcpt550_bouncesAfterOneAttemptEvenWithFallback() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .on("RCPT", ServerAction.reply("550 5.1.1 no such user")).start();
                SmtpClient c = SmtpClient.create(opts().fallbackRelays(List.of("[127.0.0.1]:" + server.port()))
                        .build(), Dns.table().build())) {
            DeliveryReport r = c.deliver("[127.0.0.1]:" + server.port(), Envelope.of("a@example.org",
                    "b@example.net"), MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("bounced 5.1.1"), Peers.outcomes(r.results()));
            assertEquals(1, Peers.commandVerbs(server).stream().filter("RCPT"::equals).count());
        }
    }

    @Test
    void nullMx_bounces510WithoutConnecting() throws Exception {
        try (SmtpClient c = SmtpClient.create(opts().build(), Dns.table().mx("example.net", 0, ".").build())) {
            DeliveryReport r = c.deliver("example.net", Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("bounced 5.1.0"), Peers.outcomes(r.results()));
        }
    }

    @Test
    void dnsFailures_temporaryDefers_notFoundBounces() throws Exception {
        Dns dns = Dns.table().failure("flaky.example", true).build();
        try (SmtpClient c = SmtpClient.create(opts().build(), dns)) {
            assertEquals(List.of("deferred 4.4.3"), Peers.outcomes(c.deliver("flaky.example", Envelope.of(
                    "a@example.org", "b@flaky.example"), MessageContent.of(Peers.MESSAGE)).results()));
            assertEquals(List.of("bounced 5.4.4"), Peers.outcomes(c.deliver("nowhere.example", Envelope.of(
                    "a@example.org", "b@nowhere.example"), MessageContent.of(Peers.MESSAGE)).results()));
        }
    }

    @Test
    void relayhostNotFound_isDeferredNotBounced() throws Exception {
        try (SmtpClient c = SmtpClient.create(opts().build(), Dns.table().build())) {
            assertEquals(List.of("deferred 4.4.4"), Peers.outcomes(c.deliver("[smtp.nowhere.example]:587",
                    Envelope.of("a@example.org", "b@example.net"), MessageContent.of(Peers.MESSAGE)).results()));
        }
    }

    @Test
    void noMx_usesTheDomainsAddress() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpClient c = SmtpClient.create(opts().build(),
                        Dns.table().address("example.net", ip("127.0.0.1")).build())) {
            assertTrue(c.deliver("example.net:" + server.port(), Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE)).allDelivered());
        }
    }

    @Test
    void mxAddressLimit_triesAtMostFiveAddresses() throws Exception {
        Dns.Table.Builder b = Dns.table();
        for (int i = 2; i <= 9; i++) {
            b.mx("example.net", i, "mx" + i + ".example.net").address("mx" + i + ".example.net", ip("127.0.0." + i));
        }
        try (SmtpClient c = SmtpClient.create(opts().build(), b.build())) {
            DeliveryReport r = c.deliver("example.net:1", Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("deferred 4.4.1"), Peers.outcomes(r.results()));
            assertEquals(5, r.attempts().stream().filter(a -> a.startsWith("connect to")).count(),
                    r.attempts().toString());
            // ordered by preference
            assertTrue(r.attempts().get(0).startsWith("connect to mx2.example.net"), r.attempts().toString());
        }
    }

    @Test
    void connectionCache_reusesOneConnectionForConsecutiveMessages() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpClient c = SmtpClient.create(opts().connectionCacheTimeLimit(Duration.ofSeconds(30)).build(),
                        Dns.table().build())) {
            for (int i = 0; i < 3; i++) {
                assertTrue(c.deliver("[127.0.0.1]:" + server.port(), Envelope.of("a@example.org", "b@example.net"),
                        MessageContent.of(Peers.MESSAGE)).allDelivered());
            }
            assertEquals(1, server.sessions().size());
            assertEquals(3, server.messages().size());
            assertEquals(1, c.idleConnections());
        }
    }

    @Test
    void connectionCache_isKeyedByTlsPolicyAndIdentity() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpClient c = SmtpClient.create(opts().connectionCacheTimeLimit(Duration.ofSeconds(30)).build(),
                        Dns.table().build())) {
            String dest = "[127.0.0.1]:" + server.port();
            c.deliver(dest, Envelope.of("a@example.org", "b@example.net"), MessageContent.of(Peers.MESSAGE));
            c.deliver(dest, c.options().toBuilder().tlsLevel(TlsLevel.MAY).build(),
                    Envelope.of("a@example.org", "b@example.net"), MessageContent.of(Peers.MESSAGE));
            assertEquals(2, server.sessions().size());
            assertEquals(2, c.idleConnections());
        }
    }

    @Test
    void staleCachedConnection_isFoundByRsetAndReplaced() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().idleTimeout(Duration.ofMillis(300)).start();
                SmtpClient c = SmtpClient.create(opts().connectionCacheTimeLimit(Duration.ofSeconds(30))
                        .livenessCheckAfter(Duration.ofMillis(100)).build(), Dns.table().build())) {
            String dest = "[127.0.0.1]:" + server.port();
            c.deliver(dest, Envelope.of("a@example.org", "b@example.net"), MessageContent.of(Peers.MESSAGE));
            Thread.sleep(800);
            DeliveryReport r = c.deliver(dest, Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r.results()));
            assertEquals(2, server.sessions().size());
        }
    }

    @Test
    void staleCachedConnection_withoutLivenessCheck_isRetriedOnAFreshConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().idleTimeout(Duration.ofMillis(300)).start();
                SmtpClient c = SmtpClient.create(opts().connectionCacheTimeLimit(Duration.ofSeconds(30))
                        .livenessCheckAfter(Duration.ofSeconds(60)).build(), Dns.table().build())) {
            String dest = "[127.0.0.1]:" + server.port();
            c.deliver(dest, Envelope.of("a@example.org", "b@example.net"), MessageContent.of(Peers.MESSAGE));
            Thread.sleep(800);
            DeliveryReport r = c.deliver(dest, Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r.results()));
            assertTrue(r.attempts().stream().anyMatch(a -> a.contains("retrying on a fresh connection")),
                    r.attempts().toString());
            assertEquals(2, server.messages().size());
        }
    }

    @Test
    void concurrentDeliveries_throughOneClient_allDelivered() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpClient c = SmtpClient.create(opts().connectionCacheTimeLimit(Duration.ofSeconds(30)).build(),
                        Dns.table().build())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<DeliveryReport>> fs = new ArrayList<>();
                for (int i = 0; i < 80; i++) {
                    int n = i;
                    fs.add(pool.submit(() -> c.deliver("[127.0.0.1]:" + server.port(),
                            Envelope.of("a@example.org", "r" + n + "@example.net"), MessageContent.of(Peers.MESSAGE))));
                }
                for (Future<DeliveryReport> f : fs) {
                    assertTrue(f.get().allDelivered());
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(80, server.messages().size());
            assertTrue(server.sessions().size() <= 80);
        }
    }
}
