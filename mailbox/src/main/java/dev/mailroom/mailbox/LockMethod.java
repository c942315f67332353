package dev.mailroom.mailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A way of locking an mbox file, as Postfix's {@code mailbox_delivery_lock} names it. */
public enum LockMethod {
    /**
     * A POSIX record lock on the whole file, taken after opening it
     * ({@link java.nio.channels.FileChannel#tryLock()}, which is {@code fcntl(F_SETLK)} on
     * Linux and the BSDs). Seen by Postfix, Dovecot, mutt and procmail using {@code fcntl}.
     */
    FCNTL,
    /**
     * A BSD {@code flock()} lock on the whole file, taken after opening it. The JDK has no way
     * to take one (on Linux it is independent of {@code fcntl} locks), so util-linux's
     * {@code flock(1)} takes and holds it for the delivery: one short-lived process per
     * delivery, and a 4.3.0 deferral where {@code flock(1)} is missing; see
     * {@code docs/decisions/0056-flock-through-util-linux.md}.
     */
    FLOCK,
    /**
     * The file {@code <mbox>.lock}, created exclusively before the mbox is opened and removed
     * after; a lock file older than {@code stale_lock_time} is removed as stale.
     */
    DOTLOCK;

    /**
     * Parses a {@code mailbox_delivery_lock} value such as {@code "fcntl, dotlock"}
     * (separated by commas and/or white space, case-insensitive).
     *
     * @throws IllegalArgumentException when a name is unknown or repeated, or the list is empty
     */
    public static List<LockMethod> parseList(String value) {
        List<LockMethod> out = new ArrayList<>();
        for (String name : value.split("[\\s,]+")) {
            if (name.isEmpty()) {
                continue;
            }
            LockMethod m;
            try {
                m = valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mailbox_delivery_lock: unknown lock method \"" + name
                        + "\" (expected fcntl, flock or dotlock)", e);
            }
            if (out.contains(m)) {
                throw new IllegalArgumentException("mailbox_delivery_lock: \"" + name + "\" given twice");
            }
            out.add(m);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("mailbox_delivery_lock: no lock method given");
        }
        return List.copyOf(out);
    }
}
