package dev.mailroom.resolve;

import java.util.Objects;

/**
 * Where one recipient ends up. A closed set of immutable values; {@link #format()} gives the
 * {@code mailroom resolve} token.
 */
public sealed interface Destination {

    /** @return the final recipient address this destination was reached for */
    String recipient();

    /**
     * The destination as {@code mailroom resolve} prints it, for example
     * {@code mailbox:alice} or {@code relay:smtp:[relay.example]:587:bob@far.example}.
     *
     * @return the token
     */
    String format();

    /**
     * Local delivery to a user's mailbox by local(8).
     *
     * @param recipient the address delivered
     * @param user the local user (password database name)
     * @param path the mailbox file or Maildir: {@code $home/$home_mailbox} or
     *     {@code $mail_spool_directory/$user}
     * @param maildir whether {@code path} is a Maildir (trailing {@code /})
     */
    record LocalMailbox(String recipient, String user, String path, boolean maildir) implements Destination {
        /** @throws NullPointerException when a component is null */
        public LocalMailbox {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String format() {
            return "mailbox:" + user;
        }
    }

    /**
     * Delivery by virtual(8) to a virtual mailbox.
     *
     * @param recipient the address delivered
     * @param mapResult the {@code virtual_mailbox_maps} result, as written
     * @param path {@code $virtual_mailbox_base/} + the map result
     * @param maildir whether the result ends in {@code /}
     */
    record VirtualMailbox(String recipient, String mapResult, String path, boolean maildir) implements Destination {
        /** @throws NullPointerException when a component is null */
        public VirtualMailbox {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(mapResult, "mapResult");
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String format() {
            return (maildir ? "maildir:" : "mbox:") + mapResult;
        }
    }

    /**
     * Appending to a file named in an alias, {@code :include:} or {@code .forward} file.
     *
     * @param recipient the address whose expansion named the file
     * @param path the file
     */
    record FileDelivery(String recipient, String path) implements Destination {
        /** @throws NullPointerException when a component is null */
        public FileDelivery {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String format() {
            return "file:" + path;
        }
    }

    /**
     * Piping to a command (an alias or {@code .forward} {@code |command}, or
     * {@code mailbox_command}).
     *
     * @param recipient the address whose expansion named the command
     * @param command the command line, without the {@code |}
     */
    record CommandDelivery(String recipient, String command) implements Destination {
        /** @throws NullPointerException when a component is null */
        public CommandDelivery {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(command, "command");
        }

        @Override
        public String format() {
            return "command:" + command;
        }
    }

    /**
     * Hand-off to a transport other than local delivery: smtp, lmtp, a content filter, discard,
     * {@code mailbox_transport} ...
     *
     * @param recipient the address handed over
     * @param transport the master.cf service name
     * @param nexthop the nexthop as Postfix hands it to the transport
     */
    record Relay(String recipient, String transport, String nexthop) implements Destination {
        /** @throws NullPointerException when a component is null */
        public Relay {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(nexthop, "nexthop");
        }

        @Override
        public String format() {
            return "relay:" + transport + ":" + nexthop + ":" + recipient;
        }
    }

    /**
     * The message is accepted and silently dropped for this recipient (Postfix's
     * {@code 2.0.0 discarded} for a {@code postmaster} or {@code MAILER-DAEMON} without alias or
     * account).
     *
     * @param recipient the address
     * @param status the enhanced status, {@code 2.0.0}
     * @param text the reason
     */
    record Discard(String recipient, String status, String text) implements Destination {
        /** @throws NullPointerException when a component is null */
        public Discard {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String format() {
            return "discarded:" + status;
        }
    }

    /**
     * The recipient is rejected permanently.
     *
     * @param recipient the address
     * @param status the enhanced status, such as {@code 5.1.1}
     * @param text the reason, as Postfix words it
     */
    record Bounce(String recipient, String status, String text) implements Destination {
        /** @throws NullPointerException when a component is null */
        public Bounce {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String format() {
            return "bounce:" + status;
        }
    }

    /**
     * Postfix holds the message and tries again later (a table that fails, a virtual alias loop,
     * a limit).
     *
     * @param recipient the address
     * @param status the enhanced status, such as {@code 4.6.0}
     * @param text the reason
     */
    record Defer(String recipient, String status, String text) implements Destination {
        /** @throws NullPointerException when a component is null */
        public Defer {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String format() {
            return "defer:" + status;
        }
    }
}
