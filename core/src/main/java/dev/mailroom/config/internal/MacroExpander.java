package dev.mailroom.config.internal;

import java.util.function.Consumer;

/**
 * The {@code $name} expansion engine of Postfix 3.7 ({@code mac_parse} + {@code mac_expand}),
 * restated in Java. It splits a value into literal text and macro references, then expands
 * each reference through a lookup function.
 *
 * <p>Supported forms: {@code $name}, {@code ${name}}, {@code $(name)}, {@code $$},
 * {@code ${name?text}}, {@code ${name:text}}, {@code ${name?{text}}}, {@code ${name:{text}}},
 * {@code ${name?{t}:{f}}}, and relational tests {@code ${{a} op {b} ? {t} : {f}}} with
 * {@code == != < <= > >=}, plus the {@code level} suffix ({@code <level} ...) that compares
 * compatibility levels.
 *
 * <p>Errors are reported the way Postfix reports them: one or more warnings (worded as
 * Postfix words them) and the {@link #ERROR} bit in the returned status. Nesting deeper than
 * 100 levels (a recursive definition) is such an error.
 */
public final class MacroExpander {

    /** Status bit: a syntax error or runaway recursion; warnings say what. */
    public static final int ERROR = 1;
    /** Status bit: a {@code $name} without {@code ?} or {@code :} named an undefined parameter. */
    public static final int UNDEF = 2;

    /** Flag: expand looked-up values again (as daemons and {@code postconf -x} do). */
    public static final int RECURSE = 1;
    /** Flag: produce no text; only walk every branch so the lookup sees every name. */
    public static final int SCAN = 2;

    private static final String WHITESPACE = " \t\r\n";
    private static final String TRUE = "true";
    private static final String FALSE = "";
    private static final int MAX_LEVEL = 100;

    /** Looks up a parameter by name; {@code null} means undefined. */
    @FunctionalInterface
    public interface Lookup {
        /**
         * @param name the parameter name
         * @param test true when the value is only tested ({@code ?} or {@code :} forms)
         * @return the raw value, or {@code null} when undefined
         */
        String lookup(String name, boolean test);
    }

    /**
     * The outcome of an expansion.
     *
     * @param text the expanded text (empty in scan mode)
     * @param status a combination of {@link #ERROR} and {@link #UNDEF}
     */
    public record Result(String text, int status) {
        /** @return true when the {@link #ERROR} bit is set */
        public boolean failed() {
            return (status & ERROR) != 0;
        }
    }

    private MacroExpander() {
    }

    /**
     * Expands a value.
     *
     * @param pattern the text to expand
     * @param flags {@link #RECURSE} and/or {@link #SCAN}, or 0
     * @param lookup resolves names
     * @param warnings receives Postfix-worded warnings (without the program prefix)
     * @return the expanded text and status
     */
    public static Result expand(String pattern, int flags, Lookup lookup, Consumer<String> warnings) {
        Context mc = new Context(flags, lookup, warnings);
        int status = mc.parse(pattern);
        return new Result(mc.result.toString(), status);
    }

    private static final class Context {
        final StringBuilder result = new StringBuilder();
        final int flags;
        final Lookup lookup;
        final Consumer<String> warnings;
        int status;
        int level;

        Context(int flags, Lookup lookup, Consumer<String> warnings) {
            this.flags = flags;
            this.lookup = lookup;
            this.warnings = warnings;
        }

        boolean scan() {
            return (flags & SCAN) != 0;
        }

        /** Splits text into literals and macro expressions, calling {@link #callback}. */
        int parse(String value) {
            StringBuilder buf = new StringBuilder();
            int st = 0;
            int n = value.length();
            int vp = 0;
            while (vp < n) {
                char c = value.charAt(vp);
                if (c != '$') {
                    buf.append(c);
                    vp++;
                } else if (vp + 1 < n && value.charAt(vp + 1) == '$') {
                    buf.append('$');
                    vp += 2;
                } else {
                    if (buf.length() > 0) {
                        st |= callback(false, buf.toString());
                        buf.setLength(0);
                    }
                    vp++;
                    char open = vp < n ? value.charAt(vp) : 0;
                    if (open == '{' || open == '(') {
                        char close = open == '{' ? '}' : ')';
                        int depth = 1;
                        vp++;
                        int ep = vp;
                        boolean truncated = false;
                        while (depth > 0) {
                            if (ep >= n) {
                                warnings.accept("truncated macro reference: \"" + value + "\"");
                                st |= ERROR;
                                truncated = true;
                                break;
                            }
                            char e = value.charAt(ep);
                            if (e == open) {
                                depth++;
                            }
                            if (e == close) {
                                depth--;
                            }
                            ep++;
                        }
                        if (truncated) {
                            break;
                        }
                        buf.append(value, vp, ep - 1);
                        vp = ep;
                    } else {
                        int ep = vp;
                        while (ep < n && isNameChar(value.charAt(ep))) {
                            ep++;
                        }
                        buf.append(value, vp, ep);
                        vp = ep;
                    }
                    if (buf.length() == 0) {
                        st |= ERROR;
                        warnings.accept("empty macro name: \"" + value + "\"");
                        break;
                    }
                    st |= callback(true, buf.toString());
                    buf.setLength(0);
                }
            }
            if (buf.length() > 0 && (st & ERROR) == 0) {
                st |= callback(false, buf.toString());
            }
            return st;
        }

        private int error(String message) {
            warnings.accept(message);
            return status |= ERROR;
        }

        private int callback(boolean expr, String buf) {
            if (level++ > MAX_LEVEL) {
                error("unreasonable macro call nesting: \"" + buf + "\"");
            }
            if ((status & ERROR) != 0) {
                return status;
            }
            if (expr) {
                Cursor cp = new Cursor(buf, 0);
                String found;
                char ch;
                if (cp.findLeftCurly()) {
                    String[] outcome = new String[1];
                    if (parseRelational(cp, outcome) != 0) {
                        return status;
                    }
                    found = outcome[0];
                    ch = cp.peek();
                    if (ch != 0) {
                        if (ch != '?' && ch != ':') {
                            return error("\"?\" or \":\" expected at: \"...}>>>" + cp.rest20() + "\"");
                        }
                        cp.pos++;
                    }
                } else {
                    cp.pos += cp.span(WHITESPACE);
                    int start = cp.pos;
                    String name;
                    boolean test;
                    for (;; cp.pos++) {
                        int tmp = cp.span(WHITESPACE);
                        ch = cp.at(cp.pos + tmp);
                        if (ch == 0) {
                            name = buf.substring(start, cp.pos);
                            test = false;
                            cp.pos = buf.length();
                            break;
                        }
                        if (ch == '?' || ch == ':') {
                            name = buf.substring(start, cp.pos);
                            cp.pos += 1 + tmp;
                            test = true;
                            break;
                        }
                        char c = cp.peek();
                        if (!isNameChar(c)) {
                            return error("attribute name syntax error at: \"..." + buf.substring(0, cp.pos)
                                    + ">>>" + cp.rest20() + "\"");
                        }
                    }
                    found = lookup.lookup(name, test);
                }
                switch (ch) {
                    case '?': {
                        String ifTrue;
                        if (cp.findLeftCurly()) {
                            ifTrue = cp.extractCurly(this);
                            if (ifTrue == null) {
                                return status;
                            }
                        } else {
                            ifTrue = cp.remainder();
                            cp.pos = cp.text.length();
                        }
                        if ((found != null && !found.isEmpty()) || scan()) {
                            status |= parse(ifTrue);
                        }
                        if (cp.peek() == 0) {
                            break;
                        }
                        if (cp.peek() != ':') {
                            return error("\":\" expected at: \"..." + ifTrue + "}>>>" + cp.rest20() + "\"");
                        }
                        cp.pos++;
                        if (otherwise(cp, found) != 0) {
                            return status;
                        }
                        break;
                    }
                    case ':':
                        if (otherwise(cp, found) != 0) {
                            return status;
                        }
                        break;
                    case 0:
                        if (found == null) {
                            status |= UNDEF;
                        } else if (found.isEmpty() || scan()) {
                            // nothing to add
                        } else if ((flags & RECURSE) != 0) {
                            status |= parse(found);
                        } else {
                            result.append(found);
                        }
                        break;
                    default:
                        throw new IllegalStateException("unknown operator " + ch);
                }
            } else if (!scan()) {
                result.append(buf);
            }
            level--;
            return status;
        }

        /** The ":" branch; returns non-zero after an error. */
        private int otherwise(Cursor cp, String found) {
            String ifFalse;
            if (cp.findLeftCurly()) {
                ifFalse = cp.extractCurly(this);
                if (ifFalse == null) {
                    return status;
                }
            } else {
                ifFalse = cp.remainder();
                cp.pos = cp.text.length();
            }
            if (found == null || found.isEmpty() || scan()) {
                status |= parse(ifFalse);
            }
            if (cp.peek() != 0) {
                return error("unexpected input at: \"..." + ifFalse + "}>>>" + cp.rest20() + "\"");
            }
            return 0;
        }

        private int parseRelational(Cursor cp, String[] outcome) {
            String left = cp.extractCurly(this);
            if (left == null) {
                return status;
            }
            int opPos = cp.pos;
            int opLen = cp.span("<>!=?+-*/~&|%");
            String op = cp.text.substring(opPos, opPos + opLen);
            if (!op.equals("==") && !op.equals("!=") && !op.equals("<") && !op.equals("<=")
                    && !op.equals(">=") && !op.equals(">")) {
                return error("\"==\" or \"!=\"\" or \"<\"\" or \"<=\"\" or \">=\"\" or \">\" expected at: \"..."
                        + left + "}>>>" + cp.rest20() + "\"");
            }
            cp.pos += opLen;
            boolean compat = false;
            if (isAlnum(cp.peek())) {
                int typePos = cp.pos;
                int typeLen = 1;
                while (isAlnum(cp.at(cp.pos + typeLen))) {
                    typeLen++;
                }
                cp.pos += typeLen;
                String suffix = cp.text.substring(typePos, typePos + typeLen);
                if (!suffix.equals("level")) {
                    return error("bad operator suffix at: \"..." + op + ">>>" + suffix + "\"");
                }
                compat = true;
            }
            if (!cp.findLeftCurly()) {
                return error("\"{expression}\" expected at: \"...{" + left + "} " + op + ">>>" + cp.rest20() + "\"");
            }
            String right = cp.extractCurly(this);
            if (right == null) {
                return status;
            }
            Context l = new Context(flags, lookup, warnings);
            status |= l.parse(left);
            Context r = new Context(flags, lookup, warnings);
            status |= r.parse(right);
            Boolean value = null;
            if (!scan()) {
                value = compat ? CompatLevel.compare(l.result.toString(), op, r.result.toString(), warnings)
                        : compare(l.result.toString(), op, r.result.toString());
                if (value == null) {
                    status |= ERROR;
                }
            }
            if ((status & ERROR) != 0) {
                return status;
            }
            outcome[0] = scan() ? null : (value ? TRUE : FALSE);
            return 0;
        }
    }

    static Boolean compare(String left, String op, String right) {
        long delta;
        if (allDigits(left) && allDigits(right)) {
            try {
                delta = Long.compare(Long.parseLong(left), Long.parseLong(right));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mac_exp_eval: bad conversion: " + left + " " + right, e);
            }
        } else {
            delta = left.compareTo(right);
        }
        return switch (op) {
            case "==" -> delta == 0;
            case "!=" -> delta != 0;
            case "<" -> delta < 0;
            case "<=" -> delta <= 0;
            case ">=" -> delta >= 0;
            case ">" -> delta > 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static boolean allDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Name characters as C's {@code isalnum} in the C locale, plus underscore. */
    public static boolean isNameChar(char c) {
        return isAlnum(c) || c == '_';
    }

    static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** A read position in an expression, with the helpers the grammar needs. */
    private static final class Cursor {
        final String text;
        int pos;

        Cursor(String text, int pos) {
            this.text = text;
            this.pos = pos;
        }

        char at(int i) {
            return i < text.length() ? text.charAt(i) : 0;
        }

        char peek() {
            return at(pos);
        }

        int span(String chars) {
            int i = pos;
            while (i < text.length() && chars.indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            return i - pos;
        }

        String remainder() {
            return text.substring(Math.min(pos, text.length()));
        }

        String rest20() {
            String r = remainder();
            return r.length() <= 20 ? r : r.substring(0, 20);
        }

        /** Skips white space when a '{' follows it. */
        boolean findLeftCurly() {
            int len = span(WHITESPACE);
            if (at(pos + len) == '{') {
                pos += len;
                return true;
            }
            return false;
        }

        /** At a '{': returns the balanced payload and skips trailing white space, or null. */
        String extractCurly(Context mc) {
            int start = pos + 1;
            int depth = 1;
            int i = start;
            for (;; i++) {
                if (i >= text.length()) {
                    mc.error("unbalanced {} in attribute expression: \"" + remainder() + "\"");
                    return null;
                }
                char ch = text.charAt(i);
                if (ch == '{') {
                    depth++;
                } else if (ch == '}') {
                    if (--depth <= 0) {
                        break;
                    }
                }
            }
            String payload = text.substring(start, i);
            pos = i + 1;
            pos += span(WHITESPACE);
            return payload;
        }
    }
}
