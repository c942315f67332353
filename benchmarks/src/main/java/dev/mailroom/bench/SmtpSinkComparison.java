package dev.mailroom.bench;

import dev.mailroom.smtp.Endpoint;
import dev.mailroom.smtp.Envelope;
import dev.mailroom.smtp.MessageContent;
import dev.mailroom.smtp.RecipientResult;
import dev.mailroom.smtp.SmtpOptions;
import dev.mailroom.smtp.SmtpSession;
import dev.mailroom.testing.PostfixInstance;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Compares mailroom's SMTP engine with Angus Mail's {@code SMTPTransport} and Postfix's
 * {@code smtp-source} against Postfix's {@code smtp-sink} on loopback: N messages of 4 KiB over
 * (a) one connection, one after another, and (b) 8 connections in parallel. With {@code heap},
 * sends one 100 MiB message and reports the peak heap.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mailroom.bench.SmtpSinkComparison 20000
 * java -Xmx32m -cp benchmarks/target/benchmarks.jar dev.mailroom.bench.SmtpSinkComparison heap
 * </pre>
 */
public final class SmtpSinkComparison {

    private static final int SIZE = 4096;

    private SmtpSinkComparison() {
    }

    /**
     * @param args the message count (default 20000), or {@code heap}
     * @throws Exception when a run fails
     */
    public static void main(String[] args) throws Exception {
        int port = PostfixInstance.freeLoopbackPort();
        Process sink = new ProcessBuilder("/usr/sbin/smtp-sink", "-u", "nobody", "127.0.0.1:" + port, "1024")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(500);
            if (args.length > 0 && args[0].equals("heap")) {
                heap(port);
                return;
            }
            int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
            byte[] message = message();
            System.out.printf("smtp-sink on 127.0.0.1:%d, %d messages of %d bytes, %d cores%n", port, n, message.length,
                    Runtime.getRuntime().availableProcessors());
            // warm-up
            mailroom(port, Math.max(1000, n / 10), 1, message);
            angus(port, Math.max(1000, n / 10), 1);
            for (int connections : new int[] {1, 8}) {
                double m = mailroom(port, n, connections, message);
                double a = angus(port, n, connections);
                double s = smtpSource(port, n, connections);
                System.out.printf("%d connection(s): mailroom %.0f msg/s, Angus Mail %.0f msg/s, smtp-source %.0f msg/s;"
                        + " mailroom/Angus %.2fx, mailroom/smtp-source %.2fx%n", connections, m, a, s, m / a, m / s);
            }
        } finally {
            sink.destroy();
            sink.waitFor(5, TimeUnit.SECONDS);
        }
    }


    private static byte[] message() {
        StringBuilder sb = new StringBuilder("From: a@example.org\r\nTo: b@example.net\r\nSubject: bench\r\n\r\n");
        while (sb.length() < SIZE - 80) {
            sb.append("x".repeat(76)).append("\r\n");
        }
        while (sb.length() < SIZE - 2) {
            sb.append('y');
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static double mailroom(int port, int n, int connections, byte[] message) throws Exception {
        Endpoint ep = Endpoint.tcp("127.0.0.1", InetAddress.getLoopbackAddress(), port);
        SmtpOptions options = SmtpOptions.builder().heloName("bench.example.org").build();
        Envelope env = Envelope.of("a@example.org", "b@example.net");
        MessageContent content = MessageContent.of(message);
        return timed(n, connections, share -> {
            try (SmtpSession s = SmtpSession.open(ep, options)) {
                for (int i = 0; i < share; i++) {
                    if (!(s.send(env, content).get(0) instanceof RecipientResult.Delivered)) {
                        throw new IllegalStateException("not delivered");
                    }
                }
            }
            return null;
        });
    }

    private static double angus(int port, int n, int connections) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.localhost", "bench.example.org");
        Session session = Session.getInstance(p);
        MimeMessage msg = new MimeMessage(session);
        msg.setFrom(new InternetAddress("a@example.org"));
        msg.setRecipients(Message.RecipientType.TO, "b@example.net");
        msg.setSubject("bench");
        msg.setText("x".repeat(76).concat("\r\n").repeat(SIZE / 78));
        msg.saveChanges();
        Address[] to = msg.getAllRecipients();
        return timed(n, connections, share -> {
            try (Transport t = session.getTransport("smtp")) {
                t.connect();
                for (int i = 0; i < share; i++) {
                    t.sendMessage(msg, to);
                }
            }
            return null;
        });
    }

    private static double smtpSource(int port, int n, int connections) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("/usr/sbin/smtp-source", "-d", "-s", String.valueOf(connections), "-m",
                String.valueOf(n), "-l", String.valueOf(SIZE), "-f", "a@example.org", "-t", "b@example.net",
                "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("smtp-source failed: " + p.exitValue());
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private interface Share {
        Void run(int share) throws Exception;
    }

    private static double timed(int n, int connections, Share work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            long start = System.nanoTime();
            List<Future<Void>> fs = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int share = n / connections + (c < n % connections ? 1 : 0);
                fs.add(pool.submit((Callable<Void>) () -> work.run(share)));
            }
            for (Future<Void> f : fs) {
                f.get();
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static void heap(int port) throws Exception {
        long total = 100L * 1024 * 1024;
        byte[] line = ("x".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        MessageContent big = MessageContent.of(() -> new InputStream() {
            private long sent;

            @Override
            public int read() {
                if (sent >= total) {
                    return -1;
                }
                return line[(int) (sent++ % line.length)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= total) {
                    return -1;
                }
                int k = (int) Math.min(len, total - sent);
                for (int i = 0; i < k; i++) {
                    b[off + i] = line[(int) ((sent + i) % line.length)];
                }
                sent += k;
                return k;
            }
        }, total, false, false);
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(m -> m.getType() == MemoryType.HEAP).toList();
        long before = heapPools.stream().mapToLong(m -> m.getUsage().getUsed()).sum();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        try (SmtpSession s = SmtpSession.open(Endpoint.tcp("127.0.0.1", InetAddress.getLoopbackAddress(), port),
                SmtpOptions.builder().heloName("bench.example.org").build())) {
            RecipientResult r = s.send(Envelope.of("a@example.org", "b@example.net"), big).get(0);
            double secs = (System.nanoTime() - start) / 1e9;
            long peak = heapPools.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum();
            System.out.printf("100 MiB message: %s in %.1f s; heap used before %.1f MiB, peak during send %.1f MiB "
                    + "(max heap %d MiB)%n", r.getClass().getSimpleName(), secs, before / 1048576.0, peak / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576);
        }
    }
}
