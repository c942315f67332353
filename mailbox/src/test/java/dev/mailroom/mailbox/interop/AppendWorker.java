package dev.mailroom.mailbox.interop;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.DeliveryResult;
import dev.mailroom.mailbox.Envelope;
import dev.mailroom.mailbox.LockMethod;
import dev.mailroom.mailbox.MboxWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A separate process appending to one mbox, for the concurrency and crash tests:
 * {@code AppendWorker MBOX ID COUNT PADDING STALE_SECONDS} (COUNT -1: until killed).
 * Message k of worker i has the subject {@code w<i> n<k>} and a body that {@link #check}
 * recognises whole.
 */
public final class AppendWorker {

    private AppendWorker() {
    }

    /** The message body of worker {@code id}'s message {@code n}, {@code padding} lines long. */
    static String message(int id, long n, int padding) {
        StringBuilder sb = new StringBuilder("Subject: w" + id + " n" + n + "\n\nFrom worker " + id + " message " + n + "\n");
        for (int k = 0; k < padding; k++) {
            sb.append("line ").append(k).append(" of w").append(id).append(" n").append(n).append(" ").append("x".repeat(60))
                    .append('\n');
        }
        return sb.append("end w").append(id).append(" n").append(n).append('\n').toString();
    }

    /**
     * Runs the worker.
     *
     * @param args MBOX ID COUNT PADDING STALE_SECONDS
     */
    public static void main(String[] args) {
        Path mbox = Path.of(args[0]);
        int id = Integer.parseInt(args[1]);
        long count = Long.parseLong(args[2]);
        int padding = Integer.parseInt(args[3]);
        Duration stale = Duration.ofSeconds(Long.parseLong(args[4]));
        MboxWriter w = new MboxWriter(DeliveryOptions.DEFAULTS.withLocking(
                List.of(LockMethod.FCNTL, LockMethod.DOTLOCK), 100_000, Duration.ofMillis(2), stale));
        for (long n = 1; count < 0 || n <= count; n++) {
            DeliveryResult r = w.deliver(mbox, Envelope.of("w" + id + "@example.test", "alice@example.test"),
                    message(id, n, padding).getBytes(StandardCharsets.ISO_8859_1));
            if (!r.delivered()) {
                System.err.println("worker " + id + " message " + n + ": " + r.dsn() + " " + r.text());
                System.exit(1);
            }
        }
    }
}
