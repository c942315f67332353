package dev.mailroom.mailbox.internal;

import java.io.IOException;
import java.util.Locale;

/**
 * The status of a failed mailbox update, from the operating system's error, as Postfix's
 * {@code mbox_dsn()} maps errno: EAGAIN/ESTALE 4.2.0, ENOSPC 4.3.0, EDQUOT/EFBIG 5.2.2,
 * anything else the caller's default. The JDK does not expose errno; its message text
 * ({@code strerror}) is matched instead.
 */
public final class Dsn {

    private Dsn() {
    }

    /** The DSN for {@code e}, or {@code fallback}. */
    public static String of(IOException e, String fallback) {
        String m = text(e).toLowerCase(Locale.ROOT);
        if (m.contains("resource temporarily unavailable") || m.contains("stale file handle")) {
            return "4.2.0";
        }
        if (m.contains("no space left on device")) {
            return "4.3.0";
        }
        if (m.contains("disk quota exceeded") || m.contains("file too large")) {
            return "5.2.2";
        }
        return fallback;
    }

    /** The system's description of the error, without the path the JDK may put before it. */
    public static String text(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
