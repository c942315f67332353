package dev.mailroom.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The password database local(8) consults: does a user exist, and where is its home. Postfix
 * uses {@code getpwnam(3)}; this interface lets tests and other machines supply their own.
 */
public interface UserDatabase {

    /**
     * Looks a user up by exact name (local(8) passes the lower-cased local part).
     *
     * @param name the user name
     * @return the user, or empty when there is none
     */
    Optional<User> find(String name);

    /**
     * One account.
     *
     * @param name the login name
     * @param uid the user id
     * @param gid the group id
     * @param home the home directory
     * @param shell the login shell
     */
    record User(String name, long uid, long gid, String home, String shell) {
        /** @throws NullPointerException when a text component is null */
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(shell, "shell");
        }
    }

    /**
     * The users of a passwd(5) format file ({@code name:pw:uid:gid:gecos:home:shell}), read once.
     * Lines that do not have seven fields or numeric ids are skipped; the first entry of a name
     * wins, as {@code getpwnam} finds it.
     *
     * @param file the file
     * @return the database
     * @throws IOException when the file cannot be read
     */
    static UserDatabase passwdFile(Path file) throws IOException {
        Map<String, User> users = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split(":", -1);
            if (f.length != 7 || f[0].isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                users.putIfAbsent(f[0], new User(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[5], f[6]));
            } catch (NumberFormatException e) {
                continue;
            }
        }
        return of(users.values().toArray(new User[0]));
    }

    /**
     * The system password database, read from {@code /etc/passwd} when this is called (the JDK
     * has no {@code getpwnam}; NSS sources other than files are not seen).
     *
     * @return the database
     * @throws IOException when {@code /etc/passwd} cannot be read
     */
    static UserDatabase system() throws IOException {
        return passwdFile(Path.of("/etc/passwd"));
    }

    /**
     * A fixed set of users.
     *
     * @param users the users
     * @return the database
     */
    static UserDatabase of(User... users) {
        Map<String, User> map = new HashMap<>();
        for (User u : users) {
            map.putIfAbsent(u.name(), u);
        }
        // a HashMap, not Map.copyOf: its buckets compare the cached hashes before the names,
        // where the immutable map's open addressing compares names at every probe
        return name -> Optional.ofNullable(map.get(Objects.requireNonNull(name, "name")));
    }
}
