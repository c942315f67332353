package dev.mailroom.smtp.internal;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose blocking write has not finished in time: Java socket writes have no
 * timeout of their own, and a server that stops reading would otherwise hang the sending thread
 * forever ({@code smtp_data_xfer_timeout}). One daemon thread serves every connection.
 */
public final class Watchdog {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Watchdog() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "mailroom-smtp-watchdog");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /**
     * @param limit when to close
     * @param target what to close
     * @return the armed timer; cancel it when the operation finished
     */
    public static ScheduledFuture<?> arm(Duration limit, Closeable target) {
        return TIMER.schedule(() -> {
            try {
                target.close();
            } catch (IOException e) {
                // closing is all we can do
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }
}
