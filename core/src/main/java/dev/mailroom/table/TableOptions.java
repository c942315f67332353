package dev.mailroom.table;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How tables are opened: Postfix's dictionary flags that matter for reading sources, plus the
 * reload policy and where warnings go. Immutable; derive a changed copy with
 * {@link #toBuilder()}.
 *
 * <p>{@link #DEFAULT} is what a Postfix 3.7 daemon uses with {@code compatibility_level >= 3.6}:
 * fixed keys folded, duplicates warned (first wins), UTF-8 on, substitutions allowed, warnings
 * logged through {@link System.Logger}, a changed file noticed within one second.
 */
public final class TableOptions {

    /** The defaults described above. */
    public static final TableOptions DEFAULT = builder().build();

    private final boolean foldCase;
    private final DuplicateMode duplicates;
    private final boolean utf8;
    private final boolean regexSubstitution;
    private final SourceFormat sourceFormat;
    private final Duration reloadCheckInterval;
    private final Consumer<TableWarning> warnings;

    private TableOptions(Builder b) {
        this.foldCase = b.foldCase;
        this.duplicates = b.duplicates;
        this.utf8 = b.utf8;
        this.regexSubstitution = b.regexSubstitution;
        this.sourceFormat = b.sourceFormat;
        this.reloadCheckInterval = b.reloadCheckInterval;
        this.warnings = b.warnings;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this object's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.foldCase = foldCase;
        b.duplicates = duplicates;
        b.utf8 = utf8;
        b.regexSubstitution = regexSubstitution;
        b.sourceFormat = sourceFormat;
        b.reloadCheckInterval = reloadCheckInterval;
        b.warnings = warnings;
        return b;
    }

    /** @return whether fixed-key tables fold keys to lowercase (Postfix's FOLD_FIX) */
    public boolean foldCase() {
        return foldCase;
    }

    /** @return the duplicate-key rule of fixed-key sources */
    public DuplicateMode duplicates() {
        return duplicates;
    }

    /** @return whether keys are folded with full Unicode case folding ({@code smtputf8_enable}) */
    public boolean utf8() {
        return utf8;
    }

    /** @return whether regexp/pcre results may use {@code $n} (false for transport-like maps) */
    public boolean regexSubstitution() {
        return regexSubstitution;
    }

    /** @return the syntax of indexed sources */
    public SourceFormat sourceFormat() {
        return sourceFormat;
    }

    /** @return how often, at most, a lookup checks whether the source file changed */
    public Duration reloadCheckInterval() {
        return reloadCheckInterval;
    }

    /** @return where load warnings go */
    public Consumer<TableWarning> warnings() {
        return warnings;
    }

    /** Builds {@link TableOptions}; every setter checks its argument at once. */
    public static final class Builder {
        private static final System.Logger LOG = System.getLogger("dev.mailroom.table");

        private boolean foldCase = true;
        private DuplicateMode duplicates = DuplicateMode.WARN;
        private boolean utf8 = true;
        private boolean regexSubstitution = true;
        private SourceFormat sourceFormat = SourceFormat.POSTMAP;
        private Duration reloadCheckInterval = Duration.ofSeconds(1);
        private Consumer<TableWarning> warnings = w -> LOG.log(System.Logger.Level.WARNING, w.message());

        private Builder() {
        }

        /**
         * Folds fixed keys to lowercase, at load and at lookup (default true; {@code postmap -f}
         * turns it off).
         *
         * @param fold whether to fold
         * @return this builder
         */
        public Builder foldCase(boolean fold) {
            this.foldCase = fold;
            return this;
        }

        /**
         * Sets the duplicate-key rule (default {@link DuplicateMode#WARN}).
         *
         * @param mode the rule
         * @return this builder
         * @throws NullPointerException when mode is null
         */
        public Builder duplicates(DuplicateMode mode) {
            this.duplicates = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Uses full Unicode case folding (Postfix with {@code smtputf8_enable = yes}, the default
         * from compatibility level 3.6); when false only ASCII letters are folded.
         *
         * @param on whether UTF-8 mode is on
         * @return this builder
         */
        public Builder utf8(boolean on) {
            this.utf8 = on;
            return this;
        }

        /**
         * Allows {@code $n} in regexp/pcre results (default true). Postfix turns it off for
         * {@code transport_maps} and similar maps; rules using it are then skipped with a
         * warning.
         *
         * @param allowed whether substitution is allowed
         * @return this builder
         */
        public Builder regexSubstitution(boolean allowed) {
            this.regexSubstitution = allowed;
            return this;
        }

        /**
         * Sets the syntax of indexed sources (default {@link SourceFormat#POSTMAP}; use
         * {@link SourceFormat#ALIASES} for {@code alias_maps}).
         *
         * @param format the syntax
         * @return this builder
         * @throws NullPointerException when format is null
         */
        public Builder sourceFormat(SourceFormat format) {
            this.sourceFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * Sets how often, at most, a lookup stats the source file to notice a change (default
         * one second; {@link Duration#ZERO} checks on every lookup).
         *
         * @param interval the interval
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder reloadCheckInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("negative reload check interval: " + interval);
            }
            this.reloadCheckInterval = interval;
            return this;
        }

        /**
         * Sets where load warnings go (default: the {@code dev.mailroom.table} System.Logger at
         * WARNING). Called from the thread that loads or reloads the table.
         *
         * @param listener the receiver
         * @return this builder
         * @throws NullPointerException when listener is null
         */
        public Builder warnings(Consumer<TableWarning> listener) {
            this.warnings = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @return the options */
        public TableOptions build() {
            return new TableOptions(this);
        }
    }
}
