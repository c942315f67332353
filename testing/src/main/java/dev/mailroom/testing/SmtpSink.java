package dev.mailroom.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Postfix's {@code smtp-sink} (the test SMTP server shipped with Debian's {@code postfix}
 * package) on a free loopback port, with its own options: {@code -r CMD} and {@code -f CMD}
 * reject commands with 4xx and 5xx, {@code -q CMD} disconnects after one, {@code -Q CMD}
 * answers 421 and disconnects, {@code -p} hides PIPELINING, {@code -e} speaks plain SMTP.
 * As root it runs as {@code nobody}.
 */
public final class SmtpSink implements AutoCloseable {

    private static final Path SMTP_SINK = Path.of("/usr/sbin/smtp-sink");

    private final Process process;
    private final int port;
    private final Path log;

    private SmtpSink(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts smtp-sink with the given options on a free loopback port and waits until it
     * accepts connections.
     *
     * @param workDir a directory for its log
     * @param options smtp-sink options, before the address and backlog arguments
     * @return the running sink; close it to stop it
     * @throws IOException when smtp-sink is missing or does not start within 10 s
     */
    public static SmtpSink start(Path workDir, String... options) throws IOException {
        if (!Files.isExecutable(SMTP_SINK)) {
            throw new IOException("Postfix's smtp-sink is not installed (" + SMTP_SINK + "): apt-get install postfix");
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(SMTP_SINK.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "nobody"));
        }
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("127.0.0.1:" + port, "64"));
        Path log = Files.createDirectories(workDir).resolve("smtp-sink-" + port + ".log");
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SmtpSink sink = new SmtpSink(p, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return sink;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    sink.close();
                    throw new IOException("smtp-sink did not start: " + Files.readString(log));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting smtp-sink", e);
                }
            }
        }
    }

    /** The loopback port it listens on. */
    public int port() {
        return port;
    }

    /** What smtp-sink printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
