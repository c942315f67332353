package dev.mailroom.table.internal;

/**
 * The moment a file-backed table compares with its next freshness check. Normally the clock is
 * read at each lookup; a caller that makes a burst of lookups on one thread (the resolution of
 * one address) pins the moment the burst started, so its lookups share one clock read. A table
 * file changed during the burst is noticed by the next burst, as it would be by a lookup made
 * a moment later. Pins do not nest: a burst inside a pinned one keeps the outer moment.
 *
 * {@snippet :
 * boolean pinned = LookupClock.pin(System.nanoTime());
 * try {
 *     // lookups
 * } finally {
 *     LookupClock.unpin(pinned);
 * }
 * }
 */
public final class LookupClock {

    /** The current thread's pinned moment. */
    private static final class Pinned {
        boolean on;
        long now;
    }

    private static final ThreadLocal<Pinned> PINNED = ThreadLocal.withInitial(Pinned::new);

    private LookupClock() {
    }

    /**
     * Pins {@code now} for the current thread's lookups, unless a moment is pinned already.
     *
     * @param now {@link System#nanoTime()} a moment ago
     * @return whether this call pinned it (pass to {@link #unpin})
     */
    public static boolean pin(long now) {
        Pinned p = PINNED.get();
        if (p.on) {
            return false;
        }
        p.now = now;
        p.on = true;
        return true;
    }

    /**
     * Ends the pin a {@link #pin} call made.
     *
     * @param pinned what that call returned
     */
    public static void unpin(boolean pinned) {
        if (pinned) {
            PINNED.get().on = false;
        }
    }

    /** @return the moment pinned on this thread, or the clock */
    static long now() {
        Pinned p = PINNED.get();
        return p.on ? p.now : System.nanoTime();
    }
}
