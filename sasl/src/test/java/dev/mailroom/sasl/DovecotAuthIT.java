package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mailroom.testing.DovecotInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop: mailroom's client mechanisms against a real Dovecot 2.3 auth service (passwd-file
 * users), spoken to over Dovecot's auth-client protocol on its unix socket. Fails when Dovecot
 * is not installed.
 */
final class DovecotAuthIT {

    private static final String PASSWORD = "p\u00e4ss:w\u00f6rd";

    @TempDir
    static Path dir;

    private static DovecotInstance dovecot;
    private static Path socket;

    @BeforeAll
    static void startDovecot() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        // usuario: stored in the clear; utf8user: a password with ':' (base64 because passwd-file splits at ':');
        // scram: stored as SCRAM-SHA-256 keys derived by mailroom's ScramCredential
        ScramCredential c = ScramCredential.derive(ScramAlgorithm.SHA_256, PASSWORD.toCharArray(),
                "mailroom-salt-16".getBytes(StandardCharsets.US_ASCII), 4096);
        Base64.Encoder b64 = Base64.getEncoder();
        String scramEntry = "{SCRAM-SHA-256}" + c.iterations() + "," + b64.encodeToString(c.salt()) + ","
                + b64.encodeToString(c.storedKey()) + "," + b64.encodeToString(c.serverKey());
        Path users = dir.resolve("users");
        Files.writeString(users, "usuario:{PLAIN}password\n" + "utf8user:{PLAIN.B64}" + b64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)) + "\n"
                + "scram:" + scramEntry + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r--r--"));
        dovecot = DovecotInstance.builder(dir.resolve("dovecot"))
                .config("protocols = none",
                        "ssl = no",
                        "auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256",
                        "disable_plaintext_auth = no",
                        "auth_failure_delay = 0",
                        "passdb {",
                        "  driver = passwd-file",
                        "  args = scheme=PLAIN " + users,
                        "}",
                        "userdb {",
                        "  driver = static",
                        "  args = uid=nobody gid=nogroup home=" + dir.resolve("home"),
                        "}",
                        "service auth {",
                        "  unix_listener auth-client {",
                        "    mode = 0666",
                        "  }",
                        "}")
                .awaitSocket("auth-client")
                .start();
        socket = dovecot.socket("auth-client");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (AuthConnection probe = new AuthConnection(socket)) {
                if (!probe.mechanisms.isEmpty()) {
                    break;
                }
            } catch (IOException notYet) {
                // listener not accepting yet
            }
            if (System.nanoTime() > deadline || !dovecot.isRunning()) {
                fail("dovecot auth-client socket does not answer: " + dovecot.log());
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopDovecot() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger RIP = new java.util.concurrent.atomic.AtomicInteger();

    /** Dovecot's auth-client protocol (VERSION 1.2): handshake, then AUTH / CONT / OK / FAIL lines. */
    static final class AuthConnection implements AutoCloseable {
        private final SocketChannel channel;
        private final BufferedReader in;
        private final Writer out;
        final Map<String, List<String>> mechanisms = new LinkedHashMap<>();
        private int id;
        /** Dovecot's auth penalty grows per remote IP; each connection claims its own loopback address. */
        private final String rip = "127.0.1." + RIP.incrementAndGet();

        AuthConnection(Path socket) throws IOException {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            in = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
            out = Channels.newWriter(channel, StandardCharsets.UTF_8);
            send("VERSION\t1\t2");
            send("CPID\t" + ProcessHandle.current().pid());
            for (String line = read(); !line.equals("DONE"); line = read()) {
                String[] f = line.split("\t");
                if (f[0].equals("MECH")) {
                    mechanisms.put(f[1], List.of(f).subList(2, f.length));
                }
            }
        }

        private void send(String line) throws IOException {
            out.write(line + "\n");
            out.flush();
        }

        private String read() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("dovecot closed the auth connection");
            }
            return line;
        }

        /** Runs one exchange; returns the user Dovecot authenticated. */
        String authenticate(SaslClient client) throws IOException {
            int n = ++id;
            SaslExchange ex = SaslExchange.of(client);
            String ir = ex.initialResponse().map(r -> "\tresp=" + (r.equals("=") ? "" : r)).orElse("");
            send("AUTH\t" + n + "\t" + ex.mechanism() + "\tservice=smtp\tsecured\trip=" + rip + ir);
            while (true) {
                String[] f = read().split("\t", -1);
                if (!f[1].equals(String.valueOf(n))) {
                    throw new IOException("reply for another request: " + String.join(" ", f));
                }
                switch (f[0]) {
                    case "CONT":
                        send("CONT\t" + n + "\t" + ex.respond(f.length > 2 ? f[2] : ""));
                        break;
                    case "OK":
                        String user = null;
                        String resp = "";
                        for (int i = 2; i < f.length; i++) {
                            if (f[i].startsWith("user=")) {
                                user = f[i].substring(5);
                            } else if (f[i].startsWith("resp=")) {
                                resp = f[i].substring(5);
                            }
                        }
                        ex.succeeded(resp);
                        return user;
                    case "FAIL":
                        throw ex.failed(String.join(" ", List.of(f).subList(2, f.length)));
                    default:
                        throw new IOException("unexpected auth reply " + f[0]);
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static SaslClient client(String mechanism, String user, String password) throws SaslException {
        PasswordCredentials c = PasswordCredentials.of(user, password.toCharArray());
        return mechanism.equals("LOGIN-IR") ? SaslMechanisms.loginWithInitialResponse(c)
                : SaslMechanisms.forPassword(mechanism, c, "localhost");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "LOGIN-IR", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"})
    void seedUser_authenticates_withEachMechanism(String mechanism) throws IOException {
        try (AuthConnection a = new AuthConnection(socket)) {
            assertEquals("usuario", a.authenticate(client(mechanism, "usuario", "password")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"})
    void wrongPassword_isRejected_asAuthenticationFailed(String mechanism) throws IOException {
        try (AuthConnection a = new AuthConnection(socket)) {
            SaslException e = assertThrows(SaslException.class,
                    () -> a.authenticate(client(mechanism, "usuario", "wrong-password")));
            assertTrue(e.reason() == SaslException.Reason.AUTHENTICATION_FAILED
                    || e.reason() == SaslException.Reason.SERVER_ERROR, e::getMessage);
            assertTrue(!e.getMessage().contains("wrong-password"), e::getMessage);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAIN", "CRAM-MD5", "SCRAM-SHA-256"})
    void nonAsciiPasswordWithColon_authenticates(String mechanism) throws IOException {
        try (AuthConnection a = new AuthConnection(socket)) {
            SaslClient c = SaslMechanisms.forPassword(mechanism,
                    PasswordCredentials.parseSaslPasswd("utf8user:" + PASSWORD), "localhost");
            assertEquals("utf8user", a.authenticate(c));
        }
    }

    @Test
    void scramKeysDerivedByMailroom_areAcceptedByDovecot() throws IOException {
        try (AuthConnection a = new AuthConnection(socket)) {
            assertEquals("scram", a.authenticate(client("SCRAM-SHA-256", "scram", PASSWORD)));
            assertEquals("scram", a.authenticate(client("PLAIN", "scram", PASSWORD)));
        }
    }

    @Test
    void choiceOverDovecotsOffer_followsPostfixDefaults_andAuthenticates() throws IOException {
        try (AuthConnection a = new AuthConnection(socket)) {
            List<String> offer = new ArrayList<>(a.mechanisms.keySet());
            assertEquals(List.of("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"), offer);
            // Dovecot's own flags agree with the Cyrus classification on plaintext and mutual auth
            for (Map.Entry<String, List<String>> m : a.mechanisms.entrySet()) {
                MechanismProperties p = MechanismProperties.of(m.getKey()).orElseThrow();
                assertEquals(m.getValue().contains("plaintext"), p.plaintext(), m.getKey());
                assertEquals(m.getValue().contains("mutual-auth"), p.mutualAuth(), m.getKey());
            }
            String chosen = MechanismChooser.of(SaslPolicy.POSTFIX_DEFAULTS).choose(offer, TlsState.NONE).orElseThrow();
            assertEquals("SCRAM-SHA-256", chosen);
            assertEquals("usuario", a.authenticate(client(chosen, "usuario", "password")));
        }
    }
}
