package dev.mailroom.resolve;

import dev.mailroom.config.ConfigException;
import dev.mailroom.config.MachineFacts;
import dev.mailroom.config.MainConfig;
import dev.mailroom.resolve.internal.Engine;
import dev.mailroom.table.TableOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides, as Postfix 3.7 would, where mail for one recipient ends up: canonical rewriting,
 * virtual alias expansion, the address class, local aliases, {@code .forward} and
 * {@code :include:} files, the mailbox, virtual mailboxes, {@code relocated_maps} and the
 * transport decision. See {@code docs/resolve.md}.
 *
 * {@snippet :
 * Resolver resolver = Resolver.builder(MainConfig.load(Path.of("/etc/postfix")))
 *         .users(UserDatabase.passwdFile(Path.of("users.passwd")))
 *         .build();
 * Resolution r = resolver.resolve("sender@example.org", "postmaster@example.org");
 * for (Resolved d : r.destinations()) {
 *     System.out.println(d.destination().format());   // mailbox:usuario
 * }
 * }
 *
 * <p>Tables are opened once, when the resolver is built; a table that cannot be opened, and a
 * table whose lookup fails, give the answer Postfix gives: a {@link Destination.Defer} for
 * the addresses that need it, with the reason in its text. The resolver reads
 * {@code .forward} and {@code :include:} files when it resolves and, like its tables, looks
 * at a file again once what it saw is older than {@link Builder#checkInterval(Duration)}
 * (one second by default; zero to look every time). It is thread-safe as far as its tables
 * are.
 */
public final class Resolver {

    private final Engine engine;

    private Resolver(Engine engine) {
        this.engine = engine;
    }

    /**
     * Starts a resolver for a loaded configuration.
     *
     * @param config the configuration
     * @return a builder
     * @throws NullPointerException when config is null
     */
    public static Builder builder(MainConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Resolves a recipient for the null sender.
     *
     * @param recipient the envelope recipient, with or without angle brackets; {@code ""}
     *     means {@code $empty_address_recipient}
     * @return the destinations and their explanation
     * @throws NullPointerException when recipient is null
     */
    public Resolution resolve(String recipient) {
        return resolve("", recipient);
    }

    /**
     * Resolves a recipient for a sender (the sender matters for
     * {@code sender_dependent_relayhost_maps} and {@code sender_dependent_default_transport_maps}).
     *
     * @param sender the envelope sender, {@code ""} or {@code <>} for the null sender
     * @param recipient the envelope recipient
     * @return the destinations and their explanation
     * @throws NullPointerException when an argument is null
     */
    public Resolution resolve(String sender, String recipient) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        return engine.resolve(sender, recipient);
    }

    /**
     * The envelope sender as cleanup rewrites it: canonical form, {@code sender_canonical_maps},
     * {@code canonical_maps}.
     *
     * @param sender the sender
     * @return the rewritten sender
     */
    public Rewrite rewriteSender(String sender) {
        return engine.senderRewrite(Objects.requireNonNull(sender, "sender"));
    }

    /**
     * The outbound rewrite smtp(8) applies with {@code smtp_generic_maps}: one lookup (not
     * repeated), first address of a multi-valued result.
     *
     * @param address an address as it would leave by SMTP
     * @return the rewritten address
     */
    public Rewrite rewriteGeneric(String address) {
        return engine.genericRewrite(Objects.requireNonNull(address, "address"));
    }

    /** Builds a {@link Resolver}. */
    public static final class Builder {
        private final MainConfig config;
        private UserDatabase users;
        private MachineFacts machine;
        private boolean explain = true;
        private Duration checkInterval = TableOptions.DEFAULT.reloadCheckInterval();

        private Builder(MainConfig config) {
            this.config = config;
        }

        /**
         * The password database; default {@link UserDatabase#system()}.
         *
         * @param users the users
         * @return this builder
         */
        public Builder users(UserDatabase users) {
            this.users = Objects.requireNonNull(users, "users");
            return this;
        }

        /**
         * The machine whose interface addresses {@code inet_interfaces = all} means; default
         * {@link MachineFacts#system()}.
         *
         * @param machine the facts
         * @return this builder
         */
        public Builder machine(MachineFacts machine) {
            this.machine = Objects.requireNonNull(machine, "machine");
            return this;
        }

        /**
         * Whether each {@link Resolved} carries its explanation (default true). Without it,
         * {@link Resolved#explanation()} is empty and a resolution allocates less.
         *
         * @param on true to record the steps
         * @return this builder
         */
        public Builder explain(boolean on) {
            this.explain = on;
            return this;
        }

        /**
         * How long the resolver trusts what it last saw of a file before it looks again: the
         * table files it opens (see {@link TableOptions#reloadCheckInterval()}) and the
         * {@code .forward} and {@code :include:} files it reads. Default: the tables' default,
         * one second. {@link Duration#ZERO} looks at every file on every resolution, as
         * local(8) does at every delivery.
         *
         * @param interval the interval, zero or more
         * @return this builder
         * @throws IllegalArgumentException when the interval is negative
         */
        public Builder checkInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("negative check interval: " + interval);
            }
            this.checkInterval = interval;
            return this;
        }

        /**
         * Reads the parameters and opens the tables.
         *
         * @return the resolver
         * @throws ConfigException when a parameter has a value Postfix refuses (bad boolean or
         *     number), naming file and line
         * @throws UncheckedIOException when the system password database cannot be read
         */
        public Resolver build() {
            UserDatabase u = users;
            if (u == null) {
                try {
                    u = UserDatabase.system();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            MachineFacts m = machine != null ? machine : MachineFacts.system();
            return new Resolver(new Engine(config, u, m, explain, checkInterval));
        }
    }
}
