package dev.mailroom.mailbox.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks of an mbox delivery: dotlock ({@code file.lock}), fcntl
 * ({@link FileChannel#tryLock()}), flock (held by a {@code flock(1)} process), and a lock per
 * file inside this JVM (a process's fcntl locks do not exclude its own threads).
 */
public final class MailboxLocks {

    private static final System.Logger LOG = System.getLogger(MailboxLocks.class.getName());
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private MailboxLocks() {
    }

    /** A lock failure with the DSN Postfix gives it. */
    public static final class LockFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final String dsn;

        LockFailure(String dsn, String message) {
            super(message);
            this.dsn = dsn;
        }

        /** The enhanced status, 4.2.0 when the lock stayed busy. */
        public String dsn() {
            return dsn;
        }
    }

    /** The in-process lock of a file (always acquired before the others). */
    public static ReentrantLock inProcess(Path file) {
        return IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new ReentrantLock());
    }

    /**
     * A dotlock held: the lock file, and the mbox length a crashed mailroom writer noted in
     * the stale lock file it left behind (-1 when there was none).
     *
     * @param file the lock file, to be deleted by the caller
     * @param crashedWriterLength the length to truncate an unfinished append back to, or -1
     */
    public record Dotlock(Path file, long crashedWriterLength, java.nio.channels.FileChannel channel) {
    }

    /**
     * Creates {@code <file>.lock} exclusively, removing a stale one.
     *
     * @return the lock
     * @throws LockFailure 4.2.0 when it stays busy, else the DSN of the error (default 5.2.0)
     */
    public static Dotlock dotlock(Path file, int attempts, Duration delay, Duration stale, Clock clock)
            throws LockFailure, InterruptedException {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        long crashed = -1;
        for (int attempt = 1; ; attempt++) {
            try {
                // mode 0 as Postfix; the descriptor stays writable for the journal
                FileChannel ch = FileChannel.open(lock, Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(Set.of()));
                return new Dotlock(lock, crashed, ch);
            } catch (FileAlreadyExistsException e) {
                if (isStale(lock, stale, clock)) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: removing stale lock file", lock);
                    crashed = Math.max(crashed, journal(lock));
                    try {
                        Files.deleteIfExists(lock);
                    } catch (IOException ignored) {
                        // the next attempt reports it
                    }
                    continue;
                }
                if (attempt >= attempts) {
                    throw new LockFailure("4.2.0", "unable to create lock file " + lock + ": File exists");
                }
            } catch (UnsupportedOperationException e) {
                try {
                    FileChannel ch = FileChannel.open(lock, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE);
                    return new Dotlock(lock, crashed, ch);
                } catch (IOException e2) {
                    if (attempt >= attempts) {
                        throw new LockFailure(Dsn.of(e2, "5.2.0"), "unable to create lock file " + lock + ": "
                                + Dsn.text(e2));
                    }
                }
            } catch (IOException e) {
                throw new LockFailure(Dsn.of(e, "5.2.0"), "unable to create lock file " + lock + ": " + Dsn.text(e));
            }
            long ms = delay.toMillis();
            if (ms > 0) {
                Thread.sleep(ThreadLocalRandom.current().nextLong(ms / 2, ms + ms / 2 + 1));
            }
        }
    }

    /**
     * Notes in a held lock file the mbox length before an append, so that whoever removes the
     * lock as stale after a crash can cut an unfinished record (Postfix's lock files are
     * empty; other programs only test that the file exists).
     */
    public static void writeJournal(Dotlock lock, long length) {
        try (FileChannel ch = lock.channel()) {
            byte[] text = ("mailroom pid=" + ProcessHandle.current().pid() + " length=" + length + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot note the mbox length in {0}: {1}", lock.file(), Dsn.text(e));
        }
    }

    /** Closes the lock file's descriptor (the file itself is removed by the caller). */
    public static void closeQuietly(Dotlock lock) {
        try {
            lock.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", lock.file(), Dsn.text(e));
        }
    }

    private static long journal(Path lock) {
        try {
            if (Files.size(lock) > 200) {
                return -1;
            }
            String s = Files.readString(lock, java.nio.charset.StandardCharsets.ISO_8859_1);
            int i = s.indexOf(" length=");
            if (!s.startsWith("mailroom ") || i < 0) {
                return -1;
            }
            return Long.parseLong(s.substring(i + 8).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean isStale(Path lock, Duration stale, Clock clock) {
        try {
            FileTime t;
            try {
                t = (FileTime) Files.getAttribute(lock, "unix:ctime");
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                t = Files.getLastModifiedTime(lock);
            }
            return Duration.between(t.toInstant(), clock.instant()).compareTo(stale) > 0;
        } catch (NoSuchFileException e) {
            return true; // gone meanwhile: just try again
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Takes an exclusive fcntl lock on the whole file, non-blocking, retried.
     *
     * @throws LockFailure 4.2.0 when it stays busy
     */
    public static FileLock fcntl(FileChannel ch, Path file, int attempts, Duration delay)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                FileLock l = ch.tryLock();
                if (l != null) {
                    return l;
                }
            } catch (OverlappingFileLockException e) {
                // held by another channel of this JVM: busy, as EAGAIN
            }
            if (attempt >= attempts) {
                throw new LockFailure("4.2.0", "unable to lock for exclusive access: Resource temporarily unavailable");
            }
            Thread.sleep(delay.toMillis());
        }
    }

    /** util-linux's {@code flock(1)}, where Debian and most Linux systems install it. */
    private static final List<Path> FLOCK_TOOLS = List.of(Path.of("/usr/bin/flock"), Path.of("/bin/flock"));

    /**
     * A BSD {@code flock()} lock on a file, held by a {@code flock(1)} child process on its own
     * descriptor of the file until {@link #close()}. The child blocks reading its standard
     * input, so the lock also ends when this JVM dies.
     */
    public static final class Flock implements AutoCloseable {
        private final Process process;
        private final Path file;

        private Flock(Process process, Path file) {
            this.process = process;
            this.file = file;
        }

        /** @return whether the holding process is still alive (so the lock is still held) */
        public boolean isHeld() {
            return process.isAlive();
        }

        /** Releases the lock and waits (briefly) for the holder to exit. */
        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "flock holder of {0} did not exit; killing it", file);
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes an exclusive {@code flock()} lock on the whole file, non-blocking, retried, as
     * Postfix's {@code deliver_flock} does. The JDK cannot call {@code flock()} (its file locks
     * are {@code fcntl} locks, independent of {@code flock} ones on Linux), so util-linux's
     * {@code flock(1)} takes and holds it: one short-lived process per delivery.
     *
     * @param file an existing file
     * @return the held lock
     * @throws LockFailure 4.2.0 when it stays busy; 4.3.0 when {@code flock(1)} is missing or fails
     */
    public static Flock flock(Path file, int attempts, Duration delay) throws LockFailure, InterruptedException {
        Path tool = FLOCK_TOOLS.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new LockFailure(
                "4.3.0", "mailbox_delivery_lock = flock needs flock(1) from util-linux, not found at " + FLOCK_TOOLS));
        for (int attempt = 1; ; attempt++) {
            Process p;
            int first;
            try {
                // -n: fail at once when busy (exit status 1, nothing printed); when held, the
                // shell says so with one line and then waits for the end of its input
                p = new ProcessBuilder(tool.toString(), "--exclusive", "--nonblock", file.toString(),
                        "/bin/sh", "-c", "echo held; exec cat >/dev/null")
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                first = p.getInputStream().read();
            } catch (IOException e) {
                throw new LockFailure("4.3.0", "unable to run " + tool + " for " + file + ": " + Dsn.text(e));
            }
            if (first == 'h') {
                return new Flock(p, file);
            }
            int status = p.waitFor();
            if (status != 1) {
                throw new LockFailure("4.3.0", tool + " could not lock " + file + " (exit status " + status + ")");
            }
            if (attempt >= attempts) {
                throw new LockFailure("4.2.0", "unable to lock for exclusive access: Resource temporarily unavailable");
            }
            Thread.sleep(delay.toMillis());
        }
    }
}
