package dev.mailroom.resolve.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A compiled local(8) attribute template ({@code forward_path} entries, {@code luser_relay}):
 * {@code $name}, {@code ${name}}, {@code $(name)}, {@code ${name?text}}, {@code ${name:text}},
 * {@code $$}. Parsed once when the resolver is built; expanding walks the parts.
 */
final class LocalExpander {

    /** One part of a template. */
    private sealed interface Part permits Literal, Reference, Conditional {
    }

    /** Text copied as is. */
    private record Literal(String text) implements Part {
    }

    /*
     * Attribute names are interned when a template is compiled: the attribute lookup's switch
     * then finds a name by its identity check instead of comparing characters.
     */

    /** An attribute whose value is copied; an undefined one makes the whole expansion undefined. */
    private record Reference(String name) implements Part {
    }

    /** {@code ${name?text}} (when set) or {@code ${name:text}} (when not set or empty). */
    private record Conditional(String name, boolean whenSet, LocalExpander text) implements Part {
    }

    private final Part[] parts;

    private LocalExpander(List<Part> parts) {
        this.parts = parts.toArray(new Part[0]);
    }

    /**
     * Compiles a template.
     *
     * @param template the template text
     * @return the compiled template
     */
    static LocalExpander compile(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= n) {
                lit.append(c);
                i++;
                continue;
            }
            char d = template.charAt(i + 1);
            if (d == '$') {
                lit.append('$');
                i += 2;
                continue;
            }
            flush(parts, lit);
            if (d == '{' || d == '(') {
                char close = d == '{' ? '}' : ')';
                int depth = 1;
                int j = i + 2;
                while (j < n && depth > 0) {
                    char x = template.charAt(j);
                    if (x == d) {
                        depth++;
                    } else if (x == close) {
                        depth--;
                    }
                    j++;
                }
                String inner = template.substring(i + 2, Math.max(i + 2, j - 1));
                i = j;
                int op = indexOfOp(inner);
                if (op < 0) {
                    parts.add(new Reference(inner.intern()));
                } else {
                    parts.add(new Conditional(inner.substring(0, op).intern(), inner.charAt(op) == '?',
                            compile(inner.substring(op + 1))));
                }
                continue;
            }
            int j = i + 1;
            while (j < n && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                j++;
            }
            parts.add(new Reference(template.substring(i + 1, j).intern()));
            i = j;
        }
        flush(parts, lit);
        return new LocalExpander(parts);
    }

    /**
     * Whether every attribute the template names is in {@code names}.
     *
     * @param names attribute names
     * @return true when the expansion depends on those attributes only
     */
    boolean dependsOnlyOn(java.util.Set<String> names) {
        for (Part p : parts) {
            if (p instanceof Reference r && !names.contains(r.name())) {
                return false;
            }
            if (p instanceof Conditional c && (!names.contains(c.name()) || !c.text().dependsOnlyOn(names))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the template uses the value of {@code extension} (not only tests it): a found
     * {@code .forward} path that does so keeps the recipient's extension to itself.
     *
     * @return true when {@code $extension} appears as a value
     */
    boolean usesExtension() {
        for (Part p : parts) {
            if (p instanceof Reference r && r.name().equals("extension")) {
                return true;
            }
            if (p instanceof Conditional c && c.text().usesExtension()) {
                return true;
            }
        }
        return false;
    }

    private static void flush(List<Part> parts, StringBuilder lit) {
        if (lit.length() > 0) {
            parts.add(new Literal(lit.toString()));
            lit.setLength(0);
        }
    }

    /**
     * Expands the template.
     *
     * @param attrs the attribute values by name (null for an undefined attribute)
     * @return the expansion, or null when a plain reference names an undefined attribute
     *     (Postfix then skips the entry)
     */
    String expand(Function<String, String> attrs) {
        StringBuilder sb = new StringBuilder(48);
        return expandInto(sb, attrs) ? sb.toString() : null;
    }

    private boolean expandInto(StringBuilder sb, Function<String, String> attrs) {
        for (Part p : parts) {
            if (p instanceof Literal l) {
                sb.append(l.text());
            } else if (p instanceof Reference r) {
                String v = attrs.apply(r.name());
                if (v == null) {
                    return false;
                }
                sb.append(v);
            } else {
                Conditional c = (Conditional) p;
                String v = attrs.apply(c.name());
                boolean set = v != null && !v.isEmpty();
                if (c.whenSet() == set && !c.text().expandInto(sb, attrs)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int indexOfOp(String inner) {
        for (int k = 0; k < inner.length(); k++) {
            char c = inner.charAt(k);
            if (c == '?' || c == ':') {
                return k;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return -1;
            }
        }
        return -1;
    }
}
