package dev.mailroom.table.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A regexp/pcre result template: literal text and {@code $n}/{@code ${n}}/{@code $(n)} group
 * references, {@code $$} for a dollar sign. Parsed once at load time.
 */
final class Replacement {

    /** Thrown (with the warnings already reported) when the rule must be skipped. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid() {
            super(null, null, false, false);
        }
    }

    private final String[] literals;
    private final int[] groups;
    private final String constant;

    private Replacement(List<String> literals, List<Integer> groups) {
        this.literals = literals.toArray(new String[0]);
        this.groups = groups.stream().mapToInt(Integer::intValue).toArray();
        this.constant = this.groups.length == 0 ? this.literals[0] : null;
    }

    /** @return whether the template uses a group */
    boolean usesGroups() {
        return groups.length > 0;
    }

    /**
     * Parses a template.
     *
     * @param prefix e.g. {@code regexp map FILE, line 3: }
     * @param pcre whether pcre's wording applies
     * @param negated whether the rule is a negative match (no groups allowed)
     * @param allowSubst whether substitution is allowed at all
     * @param nsub the number of groups in the expression
     * @param warn receives the warning texts
     */
    static Replacement parse(String text, String prefix, boolean pcre, boolean negated, boolean allowSubst,
            int nsub, Consumer<String> warn) throws Invalid {
        List<String> lits = new ArrayList<>();
        List<Integer> refs = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c != '$') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && text.charAt(i + 1) == '$') {
                lit.append('$');
                i += 2;
                continue;
            }
            String name;
            if (i + 1 < n && (text.charAt(i + 1) == '{' || text.charAt(i + 1) == '(')) {
                char close = text.charAt(i + 1) == '{' ? '}' : ')';
                int end = text.indexOf(close, i + 2);
                if (end < 0) {
                    warn.accept("truncated macro reference: \"" + text + "\"");
                    warn.accept(prefix + "bad replacement syntax: skipping this rule");
                    throw new Invalid();
                }
                name = text.substring(i + 2, end);
                i = end + 1;
            } else {
                int j = i + 1;
                while (j < n && isNameChar(text.charAt(j))) {
                    j++;
                }
                name = text.substring(i + 1, j);
                i = j;
            }
            if (name.isEmpty()) {
                warn.accept("empty macro name: \"" + text + "\"");
                warn.accept(prefix + "bad replacement syntax: skipping this rule");
                throw new Invalid();
            }
            if (!allDigits(name)) {
                warn.accept(prefix + "non-numeric replacement index \"" + name + "\"");
                warn.accept(prefix + "bad replacement syntax: skipping this rule");
                throw new Invalid();
            }
            if (negated) {
                warn.accept(prefix + "$number found in negative match replacement text: skipping this rule");
                throw new Invalid();
            }
            if (!allowSubst) {
                warn.accept(prefix + "regular expression substitution is not allowed: skipping this rule");
                throw new Invalid();
            }
            int idx = name.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(name);
            if (idx == 0) {
                warn.accept(prefix + (pcre ? "out of range" : "out-of-range") + " replacement index \"" + name + "\"");
                warn.accept(prefix + "bad replacement syntax: skipping this rule");
                throw new Invalid();
            }
            if (idx > nsub) {
                warn.accept(prefix + "out of range replacement index \"" + name + "\": skipping this rule");
                throw new Invalid();
            }
            lits.add(lit.toString());
            lit.setLength(0);
            refs.add(idx);
        }
        lits.add(lit.toString());
        return new Replacement(lits, refs);
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The constant result of a template without groups. */
    String constant() {
        return constant;
    }

    /**
     * Expands the template with group spans of a byte string; an unset group inserts nothing.
     */
    String expand(String bytes, int[] spans) {
        if (constant != null) {
            return constant;
        }
        StringBuilder sb = new StringBuilder(literals[0]);
        for (int g = 0; g < groups.length; g++) {
            int s = spans[2 * groups[g] - 2];
            int e = spans[2 * groups[g] - 1];
            if (s >= 0) {
                sb.append(Bytes.fromBytes(bytes.substring(s, e)));
            }
            sb.append(literals[g + 1]);
        }
        return sb.toString();
    }
}
