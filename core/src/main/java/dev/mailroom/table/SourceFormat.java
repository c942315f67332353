package dev.mailroom.table;

/** The syntax of the text source behind an indexed table ({@code hash:}, {@code lmdb:}, ...). */
public enum SourceFormat {
    /** {@code key whitespace value}, as {@code postmap} reads it. */
    POSTMAP,
    /** {@code name: value}, as {@code postalias} reads {@code aliases(5)}. */
    ALIASES
}
