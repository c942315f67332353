package dev.mailroom.mailbox.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private Dovecot configuration in a temporary directory: no daemon, no auth server;
 * {@code doveadm} and {@code dovecot-lda} run on it as user {@code nobody} (Dovecot refuses
 * mail access as root).
 */
final class Dovecot {

    final Path root;
    final Path home;
    final Path conf;
    final Path mailbox;

    private Dovecot(Path root, Path mailbox, String location) throws IOException {
        this.root = root;
        this.home = root.resolve("home");
        this.conf = root.resolve("dovecot.conf");
        this.mailbox = mailbox;
        Tools.require(Tools.DOVEADM);
        Files.createDirectories(home);
        Files.createDirectories(root.resolve("run"));
        Files.writeString(conf, String.join("\n",
                "base_dir = " + root.resolve("run"),
                "log_path = " + root.resolve("dovecot.log"),
                "ssl = no",
                "mail_uid = nobody",
                "mail_gid = nogroup",
                "mail_location = " + location,
                "") );
        Files.writeString(root.resolve("dovecot.log"), "");
        handOver();
    }

    /** Dovecot on a Maildir {@code home/Maildir}. */
    static Dovecot maildir(Path tmp) throws IOException {
        Path md = tmp.resolve("home/Maildir");
        return new Dovecot(tmp, md, "maildir:" + md);
    }

    /** Dovecot on an mbox INBOX {@code home/mbox} with folders under {@code home/mail}. */
    static Dovecot mbox(Path tmp) throws IOException {
        Path inbox = tmp.resolve("home/mbox");
        Files.createDirectories(tmp.resolve("home/mail"));
        return new Dovecot(tmp, inbox, "mbox:" + tmp.resolve("home/mail") + ":INBOX=" + inbox);
    }

    /** Gives the tree to nobody, so Dovecot can read what mailroom (root) wrote. */
    void handOver() {
        Tools.ok(List.of("chmod", "755", root.toString()), null, Map.of());
        Tools.ok(List.of("chown", "-R", "nobody:nogroup", home.toString()), null, Map.of());
        Tools.ok(List.of("chmod", "666", root.resolve("dovecot.log").toString()), null, Map.of());
        // the @TempDir's parents must be traversable
        Path p = root.getParent();
        while (p != null && p.getNameCount() > 1) {
            Tools.run(List.of("chmod", "a+x", p.toString()), null, Map.of());
            p = p.getParent();
        }
    }

    Tools.Result doveadm(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Tools.DOVEADM.toString(), "-c", conf.toString()));
        cmd.addAll(List.of(args));
        return Tools.ok(cmd, stdin, Map.of("USER", "alice", "HOME", home.toString()));
    }

    void save(String folder, String message) {
        doveadm(message.getBytes(StandardCharsets.ISO_8859_1), "save", "-m", folder);
    }

    void lda(String folder, String sender, String message) {
        Tools.require(Tools.DOVECOT_LDA);
        Tools.require(Tools.SETPRIV);
        Tools.ok(List.of(Tools.SETPRIV.toString(), "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "env", "USER=alice", "HOME=" + home, Tools.DOVECOT_LDA.toString(), "-c", conf.toString(),
                "-f", sender, "-m", folder), message.getBytes(StandardCharsets.ISO_8859_1), Map.of());
    }

    /** The uids and flags of a folder. */
    List<String[]> uidsAndFlags(String folder) {
        String[] lines = doveadm(null, "-f", "tab", "fetch", "uid flags", "mailbox", folder, "all").text().split("\n");
        List<String[]> out = new ArrayList<>();
        for (int k = 1; k < lines.length; k++) {
            if (!lines[k].isEmpty()) {
                out.add(lines[k].split("\t", -1));
            }
        }
        return out;
    }

    /** The message text as Dovecot gives it to an IMAP client. */
    byte[] text(String folder, String uid) {
        byte[] out = doveadm(null, "-f", "pager", "fetch", "text", "mailbox", folder, "uid", uid).out();
        int skip = "text:\n".length();
        return java.util.Arrays.copyOfRange(out, skip, out.length);
    }

    List<String> folders() {
        return List.of(doveadm(null, "mailbox", "list").text().split("\n"));
    }
}
