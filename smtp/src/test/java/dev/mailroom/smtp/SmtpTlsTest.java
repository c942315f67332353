package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.ScriptedSmtpServer;
import dev.mailroom.testing.ServerAction;
import dev.mailroom.testing.TestPki;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
final class SmtpTlsTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static SSLContext mx;
    static Path caPem;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create("mailroom test CA");
        mx = pki.issue("mx.scripted.test", "mx.scripted.test").serverContext();
        caPem = pki.writeCaPem(dir.resolve("ca.pem"));
    }

    private static SmtpOptions.Builder tls(TlsPolicy policy) {
        return Peers.fast().tlsPolicy(policy).tlsFiles(TlsFiles.DEFAULTS.withCaFile(caPem));
    }

    private static Endpoint endpoint(ScriptedSmtpServer server, String host, String nexthop) {
        return new Endpoint(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), host,
                nexthop);
    }

    @Test
    void starttls_freshEhloAfterHandshake_oldCapabilitiesForgotten() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.ENCRYPT)).build())) {
            assertTrue(s.capabilitiesBeforeTls().orElseThrow().startTls());
            assertFalse(s.capabilities().startTls());
            assertEquals(List.of("EHLO client.example.org", "STARTTLS", "EHLO client.example.org"),
                    server.sessions().get(0).commands());
            assertTrue(s.tls().orElseThrow().protocol().startsWith("TLS"));
            List<RecipientResult> r = s.send(Envelope.of("a@example.org", "b@example.net"),
                    MessageContent.of(Peers.MESSAGE));
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(r));
            assertTrue(server.sessions().get(0).tlsProtocol() != null);
        }
    }

    @Test
    void bytesInjectedAfterStarttls220_areAProtocolErrorAndNeverReadAsReplies() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx)
                .on("STARTTLS", ServerAction.injectAfter("220 2.0.0 Ready to start TLS",
                        "250-injected\r\n250 AUTH PLAIN\r\n"))
                .start()) {
            for (TlsLevel level : List.of(TlsLevel.MAY, TlsLevel.ENCRYPT)) {
                SmtpSessionException e = assertThrows(SmtpSessionException.class,
                        () -> SmtpSession.open(Peers.endpoint(server), tls(TlsPolicy.of(level)).build()));
                assertEquals(SmtpSessionException.Stage.TLS, e.stage());
                assertTrue(e.getMessage().contains("response injection"), e.getMessage());
            }
            for (ScriptedSmtpServer.Session s : server.sessions()) {
                assertEquals(List.of("EHLO client.example.org", "STARTTLS"), s.commands());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TlsLevel.class, names = {"ENCRYPT", "FINGERPRINT", "VERIFY", "SECURE"})
    void starttlsNotOffered_underMandatoryLevel_defersAndNeverSendsMailInClear(TlsLevel level) throws Exception {
        TlsPolicy policy = level == TlsLevel.FINGERPRINT ? TlsPolicy.of(level).withMatch(List.of("AA:BB"))
                : TlsPolicy.of(level);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class,
                    () -> SmtpSession.open(Peers.endpoint(server), tls(policy).build()));
            assertEquals("4.7.4", e.status().toString());
            assertTrue(e.getMessage().contains("TLS is required, but was not offered"), e.getMessage());
            assertEquals(List.of("EHLO"), Peers.commandVerbs(server));
        }
    }

    @Test
    void starttlsNotOffered_underMay_continuesInPlaintext() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.MAY)).build())) {
            assertTrue(s.tls().isEmpty());
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(s.send(Envelope.of("a@example.org",
                    "b@example.net"), MessageContent.of(Peers.MESSAGE))));
        }
    }

    @Test
    void starttlsRefused_underEncrypt_defers_underMay_continuesInPlaintext() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx)
                .on("STARTTLS", ServerAction.reply("454 4.7.0 TLS not available")).start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class,
                    () -> SmtpSession.open(Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.ENCRYPT)).build()));
            assertEquals("4.7.0", e.status().toString());
            try (SmtpSession s = SmtpSession.open(Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.MAY)).build())) {
                assertTrue(s.tls().isEmpty());
            }
        }
    }

    @Test
    void handshakeFailure_underEncrypt_neverFallsBack_underMay_retriesInPlaintext() throws Exception {
        // the server advertises STARTTLS and says 220 but never speaks TLS
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .capabilities("PIPELINING", "STARTTLS", "ENHANCEDSTATUSCODES")
                .on("STARTTLS", ServerAction.reply("220 2.0.0 Ready to start TLS")).start()) {
            SmtpOptions.Builder b = tls(TlsPolicy.of(TlsLevel.ENCRYPT)).timeouts(SmtpTimeouts.all(Duration.ofSeconds(2)));
            SmtpSessionException e = assertThrows(SmtpSessionException.class,
                    () -> SmtpSession.open(Peers.endpoint(server), b.build()));
            assertEquals("4.7.5", e.status().toString());
            assertEquals(1, server.sessions().size());
            assertFalse(Peers.commandVerbs(server).contains("MAIL"));

            try (SmtpSession s = SmtpSession.open(Peers.endpoint(server),
                    b.tlsPolicy(TlsPolicy.of(TlsLevel.MAY)).build())) {
                assertEquals(TlsLevel.NONE, s.tlsLevel());
                assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(s.send(Envelope.of("a@example.org",
                        "b@example.net"), MessageContent.of(Peers.MESSAGE))));
            }
            assertEquals(3, server.sessions().size());
            assertEquals(List.of("EHLO client.example.org"), server.sessions().get(2).commands().subList(0, 1));
        }
    }

    @Test
    void verify_certificateForAnotherName_defers() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    endpoint(server, "smtp.other.test", "other.test"), tls(TlsPolicy.of(TlsLevel.VERIFY)).build()));
            assertEquals("4.7.5", e.status().toString());
            assertTrue(e.getMessage().contains("Server certificate not verified"), e.getMessage());
            assertFalse(Peers.commandVerbs(server).contains("MAIL"));
        }
    }

    @Test
    void verify_matchingHostname_succeedsAndIsVerified() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start();
                SmtpSession s = SmtpSession.open(endpoint(server, "mx.scripted.test", "scripted.test"),
                        tls(TlsPolicy.of(TlsLevel.VERIFY)).build())) {
            assertTrue(s.tls().orElseThrow().verified());
        }
    }

    @Test
    void secure_mxNameNotTrusted_defaultMatchIsNexthop() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start()) {
            // MX host mx.scripted.test for nexthop example.net: verify trusts it, secure does not
            assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    endpoint(server, "mx.scripted.test", "example.net"), tls(TlsPolicy.of(TlsLevel.SECURE)).build()));
            try (SmtpSession s = SmtpSession.open(endpoint(server, "mx.scripted.test", "scripted.test"),
                    tls(TlsPolicy.of(TlsLevel.SECURE)).build())) {
                assertTrue(s.tls().orElseThrow().verified(), "dot-nexthop matches mx.scripted.test");
            }
            try (SmtpSession s = SmtpSession.open(endpoint(server, "mx.scripted.test", "example.net"),
                    tls(TlsPolicy.parse("secure match=.scripted.test")).build())) {
                assertTrue(s.tls().orElseThrow().verified());
            }
        }
    }

    @Test
    void verify_caPathDirectory_isTrusted() throws Exception {
        Path caDir = java.nio.file.Files.createDirectories(dir.resolve("certs"));
        pki.writeCaPem(caDir.resolve("test-ca.pem"));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast()
                        .tlsPolicy(TlsPolicy.of(TlsLevel.VERIFY)).tlsFiles(TlsFiles.DEFAULTS.withCaPath(caDir))
                        .build())) {
            assertTrue(s.tls().orElseThrow().verified());
        }
    }

    @Test
    void verify_untrustedCa_defers() throws Exception {
        TestPki other = TestPki.create("other CA");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder()
                .tls(other.issue("mx.scripted.test", "mx.scripted.test").serverContext()).start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.VERIFY)).build()));
            assertTrue(e.getMessage().contains("Server certificate not trusted"), e.getMessage());
            // encrypt does not check the certificate
            try (SmtpSession s = SmtpSession.open(Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.ENCRYPT)).build())) {
                assertFalse(s.tls().orElseThrow().trusted());
            }
        }
    }

    @Test
    void fingerprint_matchesLeafDigest_andRejectsOthers() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start()) {
            String fp;
            try (SmtpSession s = SmtpSession.open(Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.ENCRYPT)).build())) {
                fp = s.tls().orElseThrow().fingerprint();
            }
            try (SmtpSession s = SmtpSession.open(Peers.endpoint(server),
                    tls(TlsPolicy.parse("fingerprint match=00:11|" + fp)).build())) {
                assertTrue(s.tls().orElseThrow().verified());
            }
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    Peers.endpoint(server), tls(TlsPolicy.parse("fingerprint match=00:11:22")).build()));
            assertEquals("4.7.5", e.status().toString());
        }
    }

    @Test
    void smtps_wrapperModeUnderEncrypt_handshakesFirst() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).implicitTls().start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server),
                        tls(TlsPolicy.of(TlsLevel.ENCRYPT)).wrapperMode(true).build())) {
            assertTrue(s.tls().isPresent());
            assertEquals(List.of("EHLO client.example.org"), server.sessions().get(0).commands());
            assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(s.send(Envelope.of("a@example.org",
                    "b@example.net"), MessageContent.of(Peers.MESSAGE))));
        }
    }

    @Test
    void smtps_wrapperModeUnderMay_isSkippedAsPostfixDoes() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).implicitTls().start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.MAY)).wrapperMode(true).build()));
            assertEquals(SmtpSessionException.Stage.POLICY, e.stage());
            assertTrue(server.sessions().isEmpty());
        }
    }

    @Test
    void daneOnly_isReportedUnsupportedAndDefersWithoutConnecting() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start()) {
            SmtpSessionException e = assertThrows(SmtpSessionException.class, () -> SmtpSession.open(
                    Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.DANE_ONLY)).build()));
            assertFalse(e.isPermanent());
            assertTrue(e.getMessage().contains("TLSA"), e.getMessage());
            assertTrue(server.sessions().isEmpty());
            try (SmtpSession s = SmtpSession.open(Peers.endpoint(server), tls(TlsPolicy.of(TlsLevel.DANE)).build())) {
                assertEquals(TlsLevel.MAY, s.tlsLevel());
                assertTrue(s.tls().isPresent());
            }
        }
    }

    @Test
    void protocolsAttribute_limitsTheHandshake() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server),
                        tls(TlsPolicy.parse("encrypt protocols=!TLSv1.3")).build())) {
            assertEquals("TLSv1.2", s.tls().orElseThrow().protocol());
        }
    }

    @Test
    void clientCertificateFromPem_isPresented() throws Exception {
        TestPki.Issued client = pki.issue("client.example.org", "client.example.org");
        Path cert = dir.resolve("client.pem");
        Path key = dir.resolve("client.key");
        client.writePem(cert, key);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start();
                SmtpSession s = SmtpSession.open(Peers.endpoint(server), Peers.fast()
                        .tlsPolicy(TlsPolicy.of(TlsLevel.ENCRYPT))
                        .tlsFiles(TlsFiles.DEFAULTS.withCaFile(caPem).withClientCertificate(cert, key)).build())) {
            assertTrue(s.tls().isPresent());
        }
    }

    /**
     * Resumption shown on TLS 1.2, where a resumed session keeps its id on the server. (Under
     * TLS 1.3 the JDK server gives a resumed session a new id, so this check cannot show it.)
     */
    @Test
    void secondConnection_resumesTheFirstTlsSession() throws Exception {
        String protocol = "TLSv1.2";
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().tls(mx).start();
                SmtpClient client = SmtpClient.create(tls(TlsPolicy.of(TlsLevel.ENCRYPT).withProtocols(protocol))
                        .connectionReuseCountLimit(1).build())) {
            String nexthop = "[127.0.0.1]:" + server.port();
            for (int i = 0; i < 2; i++) {
                DeliveryReport report = client.deliver(nexthop, Envelope.of("a@example.org", "b@example.net"),
                        MessageContent.of(Peers.MESSAGE));
                assertEquals(List.of("delivered 2.0.0"), Peers.outcomes(report.results()));
            }
            assertEquals(2, server.sessions().size(), "one connection per message");
            assertEquals(protocol, server.sessions().get(1).tlsProtocol());
            assertEquals(server.sessions().get(0).tlsSessionId(), server.sessions().get(1).tlsSessionId(),
                    "the second handshake resumed the first session");
        }
    }
}
