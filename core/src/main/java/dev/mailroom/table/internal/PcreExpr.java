package dev.mailroom.table.internal;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code pcre:} expression, run by {@link java.util.regex} (whose Perl-style semantics PCRE
 * shares) on the key's bytes, as Postfix's PCRE runs without UTF mode. Flags: {@code i}
 * caseless and {@code s} dotall (both on by default, each letter toggles), {@code m}, {@code x},
 * {@code A} anchored, {@code E} dollar-end-only, {@code U} ungreedy; {@code X} is ignored with
 * a warning.
 */
final class PcreExpr implements PatternTables.Expr {

    private final Pattern pattern;
    private final boolean anchored;
    private final String literal;

    private PcreExpr(Pattern pattern, boolean anchored, String literal) {
        this.pattern = pattern;
        this.anchored = anchored;
        this.literal = literal;
    }

    static PcreExpr compile(String source, String flags, String prefix, Consumer<String> w) {
        boolean caseless = true;
        boolean dotall = true;
        boolean multiline = false;
        boolean extended = false;
        boolean anchored = false;
        boolean dollarEndOnly = false;
        boolean ungreedy = false;
        for (char f : flags.toCharArray()) {
            switch (f) {
                case 'i': caseless = !caseless; break;
                case 's': dotall = !dotall; break;
                case 'm': multiline = !multiline; break;
                case 'x': extended = !extended; break;
                case 'A': anchored = !anchored; break;
                case 'E': dollarEndOnly = !dollarEndOnly; break;
                case 'U': ungreedy = !ungreedy; break;
                case 'X':
                    w.accept(prefix + "ignoring obsolete regexp option \"X\"");
                    break;
                default:
                    w.accept(prefix + "unknown regexp option \"" + f + "\": skipping this rule");
                    return null;
            }
        }
        String bytes = Bytes.toBytes(source);
        int bad = quantifiedAssertion(bytes);
        if (bad >= 0) {
            w.accept(prefix + "error in regex at offset " + bad + ": quantifier does not follow a repeatable item");
            return null;
        }
        String translated = translate(bytes, ungreedy, dollarEndOnly && !multiline, caseless);
        int javaFlags = Pattern.UNIX_LINES
                | (caseless ? Pattern.CASE_INSENSITIVE : 0)
                | (dotall ? Pattern.DOTALL : 0)
                | (multiline ? Pattern.MULTILINE : 0)
                | (extended ? Pattern.COMMENTS : 0);
        try {
            Pattern compiled = Pattern.compile(translated, javaFlags);
            // a leading ^ (without m) can only match at 0: one attempt there decides
            boolean startOnly = anchored || !multiline && !extended && translated.startsWith("^");
            return new PcreExpr(compiled, startOnly, extended ? null : requiredLiteral(translated));
        } catch (PatternSyntaxException e) {
            String desc = e.getDescription();
            int offset = Math.max(0, e.getIndex());
            if (desc.startsWith("Unclosed group")) {
                desc = "missing closing parenthesis";
                offset = bytes.length();
            } else if (desc.startsWith("Unclosed character class")) {
                desc = "missing terminating ] for character class";
                offset = bytes.length();
            } else if (desc.startsWith("Dangling meta character")) {
                desc = "quantifier does not follow a repeatable item";
            } else {
                desc = desc.toLowerCase(java.util.Locale.ROOT);
            }
            w.accept(prefix + "error in regex at offset " + offset + ": " + desc);
            return null;
        }
    }

    /**
     * PCRE refuses a quantifier right after {@code ^}, {@code $} or an escape assertion
     * ({@code \b \B \A \Z \z \G}); Java accepts it. Returns the quantifier's offset, or -1.
     */
    static int quantifiedAssertion(String p) {
        int n = p.length();
        boolean inClass = false;
        boolean afterAssertion = false;
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            if (inClass) {
                if (c == '\\') {
                    i++;
                } else if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (afterAssertion && (c == '*' || c == '+' || c == '?')) {
                return i;
            }
            if (afterAssertion && c == '{' && isIntervalAt(p, i)) {
                return p.indexOf('}', i); // PCRE reports the end of the interval
            }
            afterAssertion = false;
            if (c == '\\' && i + 1 < n) {
                if (p.charAt(i + 1) == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 1;
                    continue;
                }
                afterAssertion = "bBAZzG".indexOf(p.charAt(i + 1)) >= 0;
                i++;
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < n && p.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < n && p.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '^' || c == '$') {
                afterAssertion = true;
            }
        }
        return -1;
    }

    private static boolean isIntervalAt(String p, int i) {
        int j = i + 1;
        int digits = 0;
        while (j < p.length() && Character.isDigit(p.charAt(j))) {
            j++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (j < p.length() && p.charAt(j) == ',') {
            j++;
            while (j < p.length() && Character.isDigit(p.charAt(j))) {
                j++;
            }
        }
        return j < p.length() && p.charAt(j) == '}';
    }

    /**
     * Rewrites the few constructs Java reads differently: {@code (?P<name>} becomes
     * {@code (?<name>}; under {@code U} every quantifier's greediness is inverted; under
     * {@code E} an unescaped {@code $} outside a class becomes {@code \z}.
     */
    static String translate(String p, boolean ungreedy, boolean dollarEndOnly, boolean caseless) {
        StringBuilder sb = new StringBuilder(p.length() + 8);
        int n = p.length();
        boolean inClass = false;
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < n) {
                if (p.charAt(i + 1) == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    end = end < 0 ? n : end + 2;
                    sb.append(p, i, end);
                    i = end - 1;
                    continue;
                }
                sb.append(c).append(p.charAt(i + 1));
                i++;
                continue;
            }
            if (inClass) {
                if (c == '[' && i + 1 < n && p.charAt(i + 1) == ':') {
                    int end = p.indexOf(":]", i + 2);
                    String cls = end < 0 ? null : posixClass(p.substring(i + 2, end), caseless);
                    if (cls != null) {
                        sb.append(cls);
                        i = end + 1;
                        continue;
                    }
                }
                if (c == ']') {
                    inClass = false;
                } else if (c == '[' || c == '&') {
                    sb.append('\\'); // literal in PCRE classes, special in Java's
                }
                sb.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                sb.append(c);
                if (i + 1 < n && p.charAt(i + 1) == '^') {
                    sb.append('^');
                    i++;
                }
                if (i + 1 < n && p.charAt(i + 1) == ']') {
                    sb.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(' && p.startsWith("(?P<", i)) {
                sb.append("(?<");
                i += 3;
                continue;
            }
            if (c == '$' && dollarEndOnly) {
                sb.append("\\z");
                continue;
            }
            sb.append(c);
            if (ungreedy && (c == '*' || c == '+' || c == '?' || c == '}' && isInterval(sb))) {
                boolean quantifier = c != '?' || !(sb.length() >= 2 && sb.charAt(sb.length() - 2) == '(');
                if (quantifier) {
                    if (i + 1 < n && p.charAt(i + 1) == '?') {
                        i++; // lazy becomes greedy
                    } else if (i + 1 < n && p.charAt(i + 1) == '+') {
                        sb.append('+');
                        i++;
                    } else {
                        sb.append('?');
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A POSIX class name inside a PCRE bracket, as a Java class escape (ASCII), or null. */
    private static String posixClass(String name, boolean caseless) {
        boolean negate = name.startsWith("^");
        String n = negate ? name.substring(1) : name;
        String prop;
        switch (n) {
            case "alpha": prop = "Alpha"; break;
            case "digit": prop = "Digit"; break;
            case "alnum": prop = "Alnum"; break;
            case "upper": prop = caseless ? "Alpha" : "Upper"; break;
            case "lower": prop = caseless ? "Alpha" : "Lower"; break;
            case "space": prop = "Space"; break;
            case "blank": prop = "Blank"; break;
            case "punct": prop = "Punct"; break;
            case "print": prop = "Print"; break;
            case "graph": prop = "Graph"; break;
            case "cntrl": prop = "Cntrl"; break;
            case "xdigit": prop = "XDigit"; break;
            case "ascii": prop = "ASCII"; break;
            case "word": return negate ? "\\W" : "\\w";
            default: return null;
        }
        return (negate ? "\\P{" : "\\p{") + prop + "}";
    }

    private static boolean isInterval(StringBuilder sb) {
        int i = sb.length() - 2;
        while (i >= 0 && (Character.isDigit(sb.charAt(i)) || sb.charAt(i) == ',')) {
            i--;
        }
        return i >= 0 && i < sb.length() - 2 && sb.charAt(i) == '{';
    }

    /**
     * A conservative literal (at least 3 characters, lower case) that every match contains: taken
     * only from top-level text of patterns without alternation or {@code (?} constructs.
     */
    static String requiredLiteral(String p) {
        if (p.indexOf('|') >= 0 || p.contains("(?") || p.contains("\\Q") || p.contains("[]") || p.contains("[^]")
                || p.contains("\\]") || p.contains("[[")) {
            return null;
        }
        String best = null;
        StringBuilder run = new StringBuilder();
        int depth = 0;
        int n = p.length();
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            char lit = 0;
            int next = i + 1;
            if (c == '\\' && i + 1 < n && !Character.isLetterOrDigit(p.charAt(i + 1))) {
                lit = p.charAt(i + 1);
                next = i + 2;
            } else if (depth == 0 && (Character.isLetterOrDigit(c) && c < 128 || c == '@' || c == '-' || c == '_'
                    || c == ' ' || c == ':' || c == '/' || c == '=')) {
                lit = c;
            }
            boolean quantified = next < n && "?*{".indexOf(p.charAt(next)) >= 0;
            if (lit != 0 && depth == 0 && !quantified) {
                run.append(Character.toLowerCase(lit));
                i = next - 1;
                continue;
            }
            if (run.length() >= 3 && (best == null || run.length() > best.length())) {
                best = run.toString();
            }
            run.setLength(0);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '[') {
                int close = p.indexOf(']', i + 2);
                if (close < 0) {
                    return null;
                }
                i = close;
            } else if (c == '\\') {
                i++;
            }
            if (quantified && lit != 0) {
                i = next - 1;
            }
        }
        if (run.length() >= 3 && (best == null || run.length() > best.length())) {
            best = run.toString();
        }
        return best;
    }

    @Override
    public boolean find(String bytes) {
        if (literal != null && !PosixRegex.containsIgnoreCase(bytes, literal)) {
            return false;
        }
        Matcher m = pattern.matcher(bytes);
        return anchored ? m.lookingAt() : m.find();
    }

    @Override
    public int[] match(String bytes) {
        if (literal != null && !PosixRegex.containsIgnoreCase(bytes, literal)) {
            return null;
        }
        Matcher m = pattern.matcher(bytes);
        if (!(anchored ? m.lookingAt() : m.find())) {
            return null;
        }
        int groups = m.groupCount();
        int[] spans = new int[groups * 2];
        for (int g = 1; g <= groups; g++) {
            spans[2 * g - 2] = m.start(g);
            spans[2 * g - 1] = m.end(g);
        }
        return spans;
    }

    @Override
    public int groupCount() {
        return pattern.matcher("").groupCount();
    }
}
