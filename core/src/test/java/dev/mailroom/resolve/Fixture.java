package dev.mailroom.resolve;

import dev.mailroom.config.MachineFacts;
import dev.mailroom.config.MainConfig;
import dev.mailroom.config.PostfixDefaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A configuration directory under a test's temp dir, with the B.8 base settings. */
final class Fixture {

    static final MachineFacts FACTS;

    static {
        try {
            FACTS = MachineFacts.of("mx.example.test",
                    List.of(new MachineFacts.LocalAddress(InetAddress.getByName("127.0.0.1"), 8),
                            new MachineFacts.LocalAddress(InetAddress.getByName("192.0.2.10"), 24)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    final Path dir;
    private final StringBuilder main = new StringBuilder();
    private final List<UserDatabase.User> users = new ArrayList<>();

    Fixture(Path dir) {
        this.dir = dir;
        main.append("""
                compatibility_level = 3.6
                myhostname = mx.example.test
                mydomain = example.test
                myorigin = $myhostname
                mydestination = $myhostname, localhost.$mydomain, localhost, example.test
                recipient_delimiter = +
                alias_maps =
                alias_database =
                """);
        for (String u : List.of("root", "alice", "bob", "carol", "usuario", "pepe", "chismoso", "dave")) {
            user(u);
        }
    }

    Fixture param(String name, String value) {
        main.append(name).append(" = ").append(value).append('\n');
        return this;
    }

    /** Writes a file in the config dir and returns its path. */
    Path file(String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a table and returns its spec. */
    String table(String type, String name, String content) {
        return type + ":" + file(name, content);
    }

    Fixture user(String name) {
        users.add(new UserDatabase.User(name, 1000 + users.size(), 1000, dir.resolve("home/" + name).toString(),
                "/bin/sh"));
        return this;
    }

    Path home(String name) {
        return dir.resolve("home/" + name);
    }

    Resolver resolver() {
        return builder().build();
    }

    /** A resolver builder on this configuration, users and machine. */
    Resolver.Builder builder() {
        try {
            Files.writeString(dir.resolve("main.cf"), main);
            MainConfig cfg = MainConfig.load(dir, PostfixDefaults.postfix37(FACTS));
            return Resolver.builder(cfg).users(UserDatabase.of(users.toArray(new UserDatabase.User[0])))
                    .machine(FACTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The destinations of one recipient as {@code format()} tokens. */
    static List<String> tokens(Resolution r) {
        List<String> out = new ArrayList<>();
        for (Resolved d : r.destinations()) {
            out.add(d.destination().format());
        }
        return out;
    }

    static List<String> tokens(Resolver resolver, String recipient) {
        return tokens(resolver.resolve(recipient));
    }
}
