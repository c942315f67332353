package dev.mailroom.mailbox.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The private Postfix 3.7 instance of the mailbox interop tests, on mailroom-testing's
 * {@link dev.mailroom.testing.PostfixInstance}: {@code local(8)} delivers {@code nobody} into
 * {@code spool/nobody} (mbox), {@code virtual(8)} delivers {@code bob@virt.example.test} into
 * {@code vmail/bob/Maildir/}; nothing is delivered elsewhere.
 */
final class PostfixInstance implements AutoCloseable {

    final Path root;
    final Path spool;
    final Path vmail;
    private final dev.mailroom.testing.PostfixInstance postfix;

    private PostfixInstance(Path root, dev.mailroom.testing.PostfixInstance postfix) {
        this.root = root;
        this.postfix = postfix;
        this.spool = postfix.spoolDirectory();
        this.vmail = root.resolve("vmail");
    }

    static PostfixInstance start(Path root) throws IOException {
        return start(root, "fcntl, dotlock");
    }

    /**
     * Starts the instance with local(8)'s {@code mailbox_delivery_lock}.
     *
     * @param deliveryLock the lock methods, e.g. {@code "flock, dotlock"}
     */
    static PostfixInstance start(Path root, String deliveryLock) throws IOException {
        Path vmail = Files.createDirectories(root.resolve("vmail"));
        Files.setOwner(vmail, vmail.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        dev.mailroom.testing.PostfixInstance pf = dev.mailroom.testing.PostfixInstance.builder(root)
                .param("myorigin", "$myhostname")
                .param("mydestination", "$myhostname, localhost")
                .param("local_recipient_maps", "unix:passwd.byname")
                .param("default_transport", "error:no remote delivery in tests")
                .param("virtual_mailbox_domains", "virt.example.test")
                .param("virtual_mailbox_base", vmail.toString())
                .param("virtual_mailbox_maps", "texthash:$root/etc/vmailbox")
                .param("virtual_uid_maps", "static:65534")
                .param("virtual_gid_maps", "static:65534")
                .param("virtual_minimum_uid", "100")
                .param("biff", "no")
                .param("mailbox_delivery_lock", deliveryLock)
                .file("vmailbox", "bob@virt.example.test bob/Maildir/\n")
                .start();
        return new PostfixInstance(root, pf);
    }

    /** Submits a message as {@code sendmail -f sender recipient} would (unchecked, for use in lambdas). */
    void sendmail(String sender, String recipient, String message) {
        try {
            postfix.sendmail(sender, List.of(recipient), message.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() throws IOException {
        return String.join("\n", postfix.logLines());
    }

    /** Waits up to a minute for {@code done}; fails with the log otherwise. */
    void await(String what, BooleanSupplier done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Postfix did not " + what + " within a minute; log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws IOException {
        postfix.close();
    }
}
