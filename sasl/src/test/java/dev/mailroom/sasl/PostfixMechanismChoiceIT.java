package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: the mechanism real Postfix 3.7 (with Debian's Cyrus SASL 2.1.28 plugins)
 * picks, against fake servers offering various AUTH lists under various filters and security
 * options, must be the one {@link MechanismChooser} picks. One private Postfix instance, one
 * message with a recipient per scenario; each recipient is routed to its own smtp(8) service
 * (with the scenario's {@code -o} settings) and its own loopback server, which records the AUTH
 * command and refuses it. Fails when Postfix is not installed.
 */
final class PostfixMechanismChoiceIT {

    private static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    private static final Path SENDMAIL = Path.of("/usr/sbin/sendmail");

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

    /** Answers EHLO with the offer, records the first AUTH (or "none" if the client goes on without). */
    static final class FakeServer implements AutoCloseable {
        final ServerSocket socket;
        final CompletableFuture<String> auth = new CompletableFuture<>();
        private final Thread thread;

        FakeServer(String offer) throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        session(s, offer);
                    } catch (IOException e) {
                        if (socket.isClosed()) {
                            return;
                        }
                    }
                }
            }, "fake-smtp-" + socket.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        private void session(Socket s, String offer) throws IOException {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream raw = s.getOutputStream();
            Writer out = new java.io.OutputStreamWriter(raw, StandardCharsets.US_ASCII);
            out.write("220 fake.example.test ESMTP\r\n");
            out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    out.write("250-fake.example.test\r\n250-AUTH " + offer + "\r\n250 8BITMIME\r\n");
                } else if (upper.startsWith("AUTH ")) {
                    auth.complete(line.substring(5).split(" ")[0].toUpperCase(Locale.ROOT));
                    out.write("535 5.7.8 refused by the test server\r\n");
                } else if (upper.startsWith("MAIL")) {
                    auth.complete("none");
                    out.write("451 4.3.0 test server takes no mail\r\n");
                } else if (upper.startsWith("QUIT")) {
                    auth.complete("none");
                    out.write("221 2.0.0 bye\r\n");
                    out.flush();
                    return;
                } else {
                    out.write("250 2.0.0 ok\r\n");
                }
                out.flush();
            }
            auth.complete("none");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final String MASTER_CF = String.join("\n",
            "pickup    unix  n       -       n       60      1       pickup",
            "cleanup   unix  n       -       n       -       0       cleanup",
            "qmgr      unix  n       -       n       300     1       qmgr",
            "rewrite   unix  -       -       n       -       -       trivial-rewrite",
            "bounce    unix  -       -       n       -       0       bounce",
            "defer     unix  -       -       n       -       0       bounce",
            "trace     unix  -       -       n       -       0       bounce",
            "verify    unix  -       -       n       -       1       verify",
            "flush     unix  n       -       n       1000?   0       flush",
            "proxymap  unix  -       -       n       -       -       proxymap",
            "proxywrite unix -       -       n       -       1       proxymap",
            "smtp      unix  -       -       n       -       -       smtp",
            "showq     unix  n       -       n       -       -       showq",
            "error     unix  -       -       n       -       -       error",
            "retry     unix  -       -       n       -       -       error",
            "discard   unix  -       -       n       -       -       discard",
            "local     unix  -       n       n       -       -       local",
            "anvil     unix  -       -       n       -       1       anvil",
            "scache    unix  -       -       n       -       1       scache",
            "postlog   unix-dgram n  -       n       -       1       postlogd", "");

    private int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.out").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return p.exitValue();
    }

    @Test
    void postfixAndMailroom_chooseTheSameMechanism() throws Exception {
        assertTrue(Files.isExecutable(POSTFIX), "Postfix is required for the interop suite: " + POSTFIX);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("queue"));
        UserPrincipal postfixUser = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix");
        Files.setOwner(data, postfixUser);

        List<FakeServer> servers = new ArrayList<>();
        StringBuilder transport = new StringBuilder();
        StringBuilder master = new StringBuilder(MASTER_CF);
        List<String> recipients = new ArrayList<>();
        try {
            for (int i = 0; i < SCENARIOS.size(); i++) {
                Scenario s = SCENARIOS.get(i);
                FakeServer server = new FakeServer(s.offer());
                servers.add(server);
                String rcpt = "r" + i + "@example.test";
                recipients.add(rcpt);
                transport.append(i == 0 ? "" : ", ").append(rcpt).append("=s").append(i).append(":[127.0.0.1]:")
                        .append(server.socket.getLocalPort());
                master.append("s").append(i).append(" unix - - n - - smtp -o smtp_sasl_mechanism_filter=")
                        .append(s.filter());
                if (s.options() != null) {
                    master.append(" -o smtp_sasl_security_options=").append(s.options());
                }
                master.append('\n');
            }
            Files.writeString(conf.resolve("master.cf"), master);
            Files.writeString(conf.resolve("main.cf"), String.join("\n",
                    "compatibility_level = 3.7",
                    "queue_directory = " + dir.resolve("queue"),
                    "data_directory = " + data,
                    "mail_owner = postfix",
                    "setgid_group = postdrop",
                    "myhostname = client.example.test",
                    "mydestination =",
                    "inet_interfaces = loopback-only",
                    "inet_protocols = ipv4",
                    "maillog_file_prefixes = " + dir,
                    "maillog_file = " + dir.resolve("maillog"),
                    "smtp_sasl_auth_enable = yes",
                    "smtp_sasl_password_maps = static:user:secret",
                    "transport_maps = inline:{" + transport + "}", ""));
            assertEquals(0, run(POSTFIX.toString(), "-c", conf.toString(), "start"),
                    () -> "postfix start failed: " + read("commands.out"));
            try {
                List<String> cmd = new ArrayList<>(List.of(SENDMAIL.toString(), "-C", conf.toString(), "-f", "s@example.test"));
                cmd.addAll(recipients);
                Process send = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.out").toFile())).start();
                try (OutputStream o = send.getOutputStream()) {
                    o.write("Subject: mechanism choice\n\nbody\n".getBytes(StandardCharsets.US_ASCII));
                }
                assertTrue(send.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, send.exitValue(), () -> "sendmail failed: " + read("commands.out"));

                List<String> mismatches = new ArrayList<>();
                for (int i = 0; i < SCENARIOS.size(); i++) {
                    Scenario s = SCENARIOS.get(i);
                    String postfix = servers.get(i).auth.get(90, TimeUnit.SECONDS);
                    SaslPolicy policy = SaslPolicy.fromParameters(
                            MechanismFilter.parse(s.filter(), (table, key) -> table.startsWith("static:")),
                            s.options(), null, null);
                    List<String> clientMechs = new ArrayList<>(SaslMechanisms.PASSWORD_MECHANISMS);
                    clientMechs.add("ANONYMOUS");
                    Optional<String> ours = MechanismChooser.of(policy).withClientMechanisms(clientMechs)
                            .choose(MechanismChooser.parseOffer(s.offer()), TlsState.NONE).selected();
                    if (!postfix.equals(ours.orElse("none")) || !postfix.equals(s.expected())) {
                        mismatches.add(s + ": postfix " + postfix + ", mailroom " + ours.orElse("none"));
                    }
                }
                assertEquals(List.of(), mismatches);
            } finally {
                run(POSTFIX.toString(), "-c", conf.toString(), "stop");
            }
        } finally {
            for (FakeServer s : servers) {
                s.close();
            }
        }
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(" + name + " unreadable)";
        }
    }
}
