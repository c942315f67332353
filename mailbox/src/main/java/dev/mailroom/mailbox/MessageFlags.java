package dev.mailroom.mailbox;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The flags and keywords of one message, independent of the mailbox format.
 *
 * @param flags the system flags (an unmodifiable copy is kept)
 * @param keywords IMAP keywords such as {@code $Forwarded} or {@code Junk}, sorted (an
 *     unmodifiable copy is kept)
 * @param recent true when the message has not been seen by any reader yet: in an mbox, no
 *     {@code O} in its {@code Status:} header; in a Maildir, a file in {@code new/}
 */
public record MessageFlags(Set<Flag> flags, SortedSet<String> keywords, boolean recent) {

    /** No flag, no keyword, recent. */
    public static final MessageFlags NONE = new MessageFlags(Set.of(), new TreeSet<>(), true);

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a keyword is empty or contains white space
     */
    public MessageFlags {
        EnumSet<Flag> copy = EnumSet.noneOf(Flag.class);
        copy.addAll(Objects.requireNonNull(flags, "flags"));
        flags = Collections.unmodifiableSet(copy);
        TreeSet<String> kw = new TreeSet<>();
        for (String k : Objects.requireNonNull(keywords, "keywords")) {
            if (k.isEmpty() || k.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException("keyword is empty or has white space: \"" + k + "\"");
            }
            kw.add(k);
        }
        keywords = Collections.unmodifiableSortedSet(kw);
    }

    /** Flags without keywords, not recent. */
    public static MessageFlags of(Flag... flags) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        Collections.addAll(set, flags);
        return new MessageFlags(set, new TreeSet<>(), false);
    }

    /** True when {@code flag} is set. */
    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** A copy with {@code flag} added. */
    public MessageFlags with(Flag flag) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        set.addAll(flags);
        set.add(flag);
        return new MessageFlags(set, keywords, recent);
    }

    /** A copy with {@code flag} removed. */
    public MessageFlags without(Flag flag) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        set.addAll(flags);
        set.remove(flag);
        return new MessageFlags(set, keywords, recent);
    }

    /** A copy with the given keywords instead of these. */
    public MessageFlags withKeywords(Set<String> newKeywords) {
        return new MessageFlags(flags, new TreeSet<>(newKeywords), recent);
    }

    /** A copy with {@link #recent()} set to {@code value}. */
    public MessageFlags withRecent(boolean value) {
        return new MessageFlags(flags, keywords, value);
    }

    /**
     * The system flags as Maildir letters in ASCII order, e.g. {@code "RS"}; empty when none
     * is set. Keywords are not included (their letters depend on a Maildir's
     * {@code dovecot-keywords} file).
     */
    public String letters() {
        StringBuilder sb = new StringBuilder(flags.size());
        for (Flag f : flags) {
            sb.append(f.letter());
        }
        return sb.toString();
    }
}
