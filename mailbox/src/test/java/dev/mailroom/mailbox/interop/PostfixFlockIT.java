package dev.mailroom.mailbox.interop;

import dev.mailroom.mailbox.LockMethod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Postfix 3.7 local(8) with {@code mailbox_delivery_lock = flock} and mailroom with
 * {@link LockMethod#FLOCK} alone: the flock lock is the only thing keeping the two apart.
 */
@Timeout(180)
final class PostfixFlockIT {

    @TempDir
    static Path dir;

    private static PostfixInstance pf;

    @BeforeAll
    static void start() throws IOException {
        pf = PostfixInstance.start(dir.resolve("pf"), "flock");
    }

    @AfterAll
    static void stop() throws IOException {
        if (pf != null) {
            pf.close();
        }
    }

    @Test
    void postfixLocalAndMailroomWithFlockOnly_intoOneMboxAtOnce_nothingCorrupted() throws Exception {
        PostfixIT.deliverConcurrently(pf, List.of(LockMethod.FLOCK), 2000);
    }
}
