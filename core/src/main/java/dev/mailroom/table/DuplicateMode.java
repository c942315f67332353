package dev.mailroom.table;

/** What a fixed-key source does with a key it has already seen (postmap's rule). */
public enum DuplicateMode {
    /** Keep the first value and warn (postmap's default). */
    WARN,
    /** Keep the last value, silently ({@code postmap -r}). */
    REPLACE,
    /** Keep the first value, silently ({@code postmap -w}). */
    IGNORE
}
