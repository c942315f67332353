package dev.mailroom.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
final class UserDatabaseTest {

    @Test
    void passwdFile_readsSevenFieldLines_firstEntryWins_skipsTheRest(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("passwd");
        Files.writeString(f, """
                # comment
                pepe:x:1001:1001:Pepe:/home/pepe:/bin/sh
                pepe:x:2002:2002::/elsewhere:/bin/false
                broken:x:notanumber:1::/h:/bin/sh
                short:x:1:1
                """);
        UserDatabase db = UserDatabase.passwdFile(f);
        assertEquals(new UserDatabase.User("pepe", 1001, 1001, "/home/pepe", "/bin/sh"), db.find("pepe").orElseThrow());
        assertTrue(db.find("broken").isEmpty());
        assertTrue(db.find("short").isEmpty());
        assertTrue(db.find("PEPE").isEmpty());
    }

    @Test
    void system_findsRoot() throws Exception {
        assertEquals(0, UserDatabase.system().find("root").orElseThrow().uid());
    }
}
