package dev.mailroom.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resolver shared by several threads answers each of them as it answers one thread alone:
 * its kept parsed addresses, domain answers and per-account state are filled in by whichever
 * thread comes first.
 */
@Timeout(60)
final class ResolverConcurrencyTest {

    @TempDir
    Path dir;

    private static final List<String> RECIPIENTS = List.of("postmaster@example.test", "root", "team@example.test",
            "bob+x@example.test", "carol@example.test", "carol+list@example.test", "pepe+munoz+vazquez@mail1.org",
            "p.e.p.e@mail1.org", "el.holandes.errante@example.test", "yo@example.test", "nobody@mail1.org",
            "Alice@EXAMPLE.TEST", "someone@elsewhere.test", "\"odd name\"@example.test", "dave@mx.example.test",
            "usuario+a+b@example.test", "owner-team@example.test", "MAILER-DAEMON@example.test");

    private Resolver resolver(Fixture f, Duration interval) {
        return f.builder().checkInterval(interval).build();
    }

    private Fixture fixture() {
        Fixture f = new Fixture(dir);
        f.param("alias_maps", f.table("hash", "aliases",
                "postmaster: root\nroot: usuario\nteam: alice, bob, carol\nowner-team: dave\n"));
        f.param("virtual_alias_maps", f.table("hash", "virtual",
                "el.holandes.errante pepe\nyo yo_tambien@hotmail.com\n@mail1.org chismoso\n") + ", "
                + f.table("regexp", "dots", "/^(.*)\\.(.*@mail1\\.org)$/ $1$2\n"));
        f.file("home/carol/.forward", "\\carol, alice\n");
        f.file("home/carol/.forward+list", "bob\n");
        return f;
    }

    /** Every destination with its explanation, as text. */
    private static String answer(Resolution r) {
        StringBuilder sb = new StringBuilder();
        for (Resolved d : r.destinations()) {
            sb.append(d.destination().format()).append(' ').append(d.explanation()).append('\n');
        }
        return sb.append(r.warnings()).toString();
    }

    @Test
    void sharedResolver_answersEachThreadAsItAnswersOneThread() throws Exception {
        for (Duration interval : List.of(Duration.ofHours(1), Duration.ZERO)) {
            Fixture f = fixture();
            Map<String, String> expected = new HashMap<>();
            Resolver alone = resolver(f, interval);
            for (String r : RECIPIENTS) {
                expected.put(r, answer(alone.resolve(r)));
            }
            // the configuration does what it says (the comparison below is not between two failures)
            assertEquals(List.of("mailbox:usuario"), Fixture.tokens(alone, "postmaster@example.test"));
            assertEquals(List.of("mailbox:alice", "mailbox:bob", "mailbox:carol"),
                    Fixture.tokens(alone, "team@example.test"));
            assertEquals(List.of("mailbox:chismoso"), Fixture.tokens(alone, "p.e.p.e@mail1.org"));
            Resolver shared = resolver(f, interval);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long seed = t;
                    runs.add(pool.submit(() -> {
                        Random random = new Random(seed);
                        int n = 0;
                        for (int i = 0; i < 3_000; i++) {
                            String r = RECIPIENTS.get(random.nextInt(RECIPIENTS.size()));
                            assertEquals(expected.get(r), answer(shared.resolve(r)), r);
                            n++;
                        }
                        return n;
                    }));
                }
                for (Future<Integer> run : runs) {
                    assertEquals(3_000, run.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
