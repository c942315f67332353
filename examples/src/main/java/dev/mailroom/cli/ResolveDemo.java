package dev.mailroom.cli;

import dev.mailroom.config.MainConfig;
import dev.mailroom.resolve.Resolution;
import dev.mailroom.resolve.Resolved;
import dev.mailroom.resolve.Resolver;
import dev.mailroom.resolve.Step;
import dev.mailroom.resolve.UserDatabase;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** {@code mailroom demo}: where Postfix would deliver a few addresses, with the explanation. */
final class ResolveDemo implements DemoSection {

    @Override
    public String title() {
        return "Address resolution (canonical, virtual, aliases, transport) — mailroom resolve";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintWriter out = ctx.out();
        Path dir = ctx.file("resolve/main.cf").getParent();
        String main = Files.readString(dir.resolve("main.cf"));
        if (!main.contains("\nconfig_directory = ")) {
            Files.writeString(dir.resolve("main.cf"), "config_directory = " + dir + "\n",
                    StandardOpenOption.APPEND);
        }
        out.printf("config: resolve/main.cf (+ config_directory = %s), users: resolve/users.passwd%n", dir);
        Resolver resolver = Resolver.builder(MainConfig.load(dir))
                .users(UserDatabase.passwdFile(dir.resolve("users.passwd"))).build();
        for (String address : List.of("postmaster@dominio.com", "el.holandes.errante@dominio.com",
                "p.e.p.e@mail1.org", "pepe+munoz+vazquez@mail1.org", "bartolo@gmail.com", "nadie@dominio.com")) {
            Resolution r = resolver.resolve("usuario@dominio.com", address);
            for (Resolved d : r.destinations()) {
                out.printf("%s\t%s%n", address, d.destination().format());
                for (Step s : d.explanation()) {
                    out.printf("    %s%n", s.toString().replace(dir + "/", ""));
                }
            }
        }
    }
}
