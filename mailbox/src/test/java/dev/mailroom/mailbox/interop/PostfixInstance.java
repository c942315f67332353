package dev.mailroom.mailbox.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A throw-away private Postfix 3.7 instance in a temporary directory: its own queue, spool
 * and log, loopback only, no SMTP server, no remote delivery. Mail is submitted with
 * {@code sendmail -C}; {@code local(8)} delivers {@code nobody} into {@code spool/nobody}
 * (mbox), {@code virtual(8)} delivers {@code bob@virt.example.test} into
 * {@code vmail/bob/Maildir/}.
 */
final class PostfixInstance implements AutoCloseable {

    static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    static final Path SENDMAIL = Path.of("/usr/sbin/sendmail");
    static final Path LOCAL = Path.of("/usr/lib/postfix/sbin/local");
    static final Path VIRTUAL = Path.of("/usr/lib/postfix/sbin/virtual");

    final Path root;
    final Path etc;
    final Path spool;
    final Path vmail;

    private PostfixInstance(Path root) {
        this.root = root;
        this.etc = root.resolve("etc");
        this.spool = root.resolve("spool");
        this.vmail = root.resolve("vmail");
    }

    static PostfixInstance start(Path root) throws IOException {
        for (Path p : List.of(POSTFIX, SENDMAIL, LOCAL, VIRTUAL)) {
            Tools.require(p);
        }
        PostfixInstance pf = new PostfixInstance(root);
        Files.createDirectories(pf.etc);
        Files.createDirectories(pf.spool);
        Files.createDirectories(pf.vmail);
        Files.createDirectories(root.resolve("queue"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(pf.etc.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + root.resolve("queue"),
                "data_directory = " + root.resolve("data"),
                "command_directory = /usr/sbin",
                "daemon_directory = /usr/lib/postfix/sbin",
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = mx.example.test",
                "mydomain = example.test",
                "myorigin = $myhostname",
                "mydestination = $myhostname, localhost",
                "inet_interfaces = loopback-only",
                "inet_protocols = ipv4",
                "mail_spool_directory = " + pf.spool,
                "alias_maps =",
                "alias_database =",
                "local_recipient_maps = unix:passwd.byname",
                "relayhost =",
                "default_transport = error:no remote delivery in tests",
                "maillog_file_prefixes = " + root,
                "maillog_file = " + root.resolve("maillog"),
                "virtual_mailbox_domains = virt.example.test",
                "virtual_mailbox_base = " + pf.vmail,
                "virtual_mailbox_maps = texthash:" + pf.etc.resolve("vmailbox"),
                "virtual_uid_maps = static:65534",
                "virtual_gid_maps = static:65534",
                "virtual_minimum_uid = 100",
                "biff = no",
                ""));
        Files.writeString(pf.etc.resolve("vmailbox"), "bob@virt.example.test bob/Maildir/\n");
        Files.writeString(pf.etc.resolve("master.cf"), String.join("\n",
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
                "showq     unix  n       -       n       -       -       showq",
                "error     unix  -       -       n       -       -       error",
                "retry     unix  -       -       n       -       -       error",
                "discard   unix  -       -       n       -       -       discard",
                "local     unix  -       n       n       -       -       local",
                "virtual   unix  -       n       n       -       -       virtual",
                "anvil     unix  -       -       n       -       1       anvil",
                "scache    unix  -       -       n       -       1       scache",
                "postlog   unix-dgram n  -       n       -       1       postlogd",
                ""));
        Tools.ok(List.of("chmod", "1777", pf.spool.toString()), null, Map.of());
        Tools.ok(List.of("chown", "nobody:nogroup", pf.vmail.toString()), null, Map.of());
        Tools.ok(List.of("chown", "postfix", root.resolve("data").toString()), null, Map.of());
        Path p = root;
        while (p != null && p.getNameCount() > 0) {
            Tools.run(List.of("chmod", "a+x", p.toString()), null, Map.of());
            p = p.getParent();
        }
        Tools.ok(List.of(POSTFIX.toString(), "-c", pf.etc.toString(), "set-permissions"), null, Map.of());
        Tools.ok(List.of(POSTFIX.toString(), "-c", pf.etc.toString(), "start"), null, Map.of());
        return pf;
    }

    /** Submits a message as {@code sendmail -f sender recipient} would. */
    void sendmail(String sender, String recipient, String message) {
        Tools.ok(List.of(SENDMAIL.toString(), "-C", etc.toString(), "-f", sender, recipient),
                message.getBytes(StandardCharsets.ISO_8859_1), Map.of());
    }

    String log() throws IOException {
        Path log = root.resolve("maillog");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** Waits up to a minute for {@code done}; fails with the log otherwise. */
    void await(String what, BooleanSupplier done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Postfix did not " + what + " within a minute; log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        Tools.run(List.of(POSTFIX.toString(), "-c", etc.toString(), "stop"), null, Map.of());
    }
}
