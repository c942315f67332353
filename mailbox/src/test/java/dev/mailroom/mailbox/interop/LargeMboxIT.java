package dev.mailroom.mailbox.interop;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxIndex;
import dev.mailroom.mailbox.MboxReader;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An mbox over 2 GiB (sparse: the first message's body is a 2.1 GiB hole of NUL bytes). */
final class LargeMboxIT {

    @TempDir
    Path dir;

    @Test
    void mboxOver2GiB_offsetsAreLong_messageAfterTheLimitRead_streamedNotLoaded() throws Exception {
        Path p = dir.resolve("big.mbox");
        long far = (1L << 31) + (64L << 20);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write("From a@example.test  Sat Nov 21 20:49:20 2026\nSubject: huge\n\n".getBytes(ISO_8859_1));
            f.seek(far);
            f.write(("\n\nFrom b@example.test  Sat Nov 21 20:49:21 2026\nSubject: after\n\n>From beyond 2 GiB\n\n")
                    .getBytes(ISO_8859_1));
        }
        try (MboxReader r = MboxReader.open(p)) {
            MboxIndex idx = r.index();
            assertEquals(2, idx.size());
            MboxEntry huge = idx.get(1);
            MboxEntry after = idx.get(2);
            assertEquals(far + 2, after.fromOffset());
            assertTrue(huge.storedSize() > Integer.MAX_VALUE);
            assertEquals("b@example.test", after.from().sender());
            assertEquals("Subject: after\n\nFrom beyond 2 GiB\n", new String(r.readMessage(after), ISO_8859_1));
            assertThrows(IllegalArgumentException.class, () -> r.readMessage(huge));
            long n = 0;
            byte[] buf = new byte[1 << 20];
            try (InputStream in = r.openMessage(huge)) {
                for (int k; (k = in.read(buf)) >= 0; ) {
                    n += k;
                }
            }
            assertEquals(huge.storedSize(), n);
        }
    }
}
