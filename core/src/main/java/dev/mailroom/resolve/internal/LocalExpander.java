package dev.mailroom.resolve.internal;

import java.util.function.Function;

/**
 * Expands local(8) attributes ({@code $user}, {@code $home}, {@code $extension} ...) in
 * {@code forward_path} entries and {@code luser_relay}: {@code $name}, {@code ${name}},
 * {@code $(name)}, {@code ${name?text}}, {@code ${name:text}}, {@code $$}.
 */
final class LocalExpander {

    private LocalExpander() {
    }

    /**
     * @return the expansion, or null when a plain reference names an undefined attribute
     *     (Postfix then skips the entry)
     */
    static String expand(String template, Function<String, String> attrs) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= n) {
                sb.append(c);
                i++;
                continue;
            }
            char d = template.charAt(i + 1);
            if (d == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
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
                    String v = attrs.apply(inner);
                    if (v == null) {
                        return null;
                    }
                    sb.append(v);
                } else {
                    String name = inner.substring(0, op);
                    String text = inner.substring(op + 1);
                    String v = attrs.apply(name);
                    boolean set = v != null && !v.isEmpty();
                    if ((inner.charAt(op) == '?') == set) {
                        String t = expand(text, attrs);
                        if (t == null) {
                            return null;
                        }
                        sb.append(t);
                    }
                }
                continue;
            }
            int j = i + 1;
            while (j < n && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                j++;
            }
            String name = template.substring(i + 1, j);
            String v = attrs.apply(name);
            if (v == null) {
                return null;
            }
            sb.append(v);
            i = j;
        }
        return sb.toString();
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
