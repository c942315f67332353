package dev.mailroom.table.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A POSIX regular expression (extended or basic, with the GNU extensions glibc accepts), parsed
 * into a small tree, translated to {@link java.util.regex} and matched with POSIX semantics.
 *
 * <p>Matching works on "byte strings": every char is one byte (0-255) of the UTF-8 key, which is
 * how glibc's {@code regexec} sees the key in Postfix's C locale ({@code .} is one byte, case
 * folding is ASCII only, {@code [[:alpha:]]} is ASCII only). See decision record 0031 for how
 * leftmost-longest matching is obtained.
 */
final class PosixRegex {

    /** A glibc-worded compile error. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    // ---- the tree ----
    sealed interface Node permits Seq, Alt, Group, Repeat, CharSet, Assert, BackRef {
    }

    record Seq(List<Node> items) implements Node {
    }

    record Alt(List<Node> alternatives) implements Node {
    }

    record Group(int index, Node body) implements Node {
    }

    record Repeat(Node body, int min, int max) implements Node {
    }

    /** A set of bytes; a literal is a set of one (or two, under ICASE). */
    record CharSet(BitSet bytes) implements Node {
    }

    enum AssertKind { BOL, EOL, WORD_BOUNDARY, NOT_WORD_BOUNDARY, WORD_START, WORD_END, BUF_START, BUF_END }

    record Assert(AssertKind kind) implements Node {
    }

    record BackRef(int index) implements Node {
    }

    private static final int DUP_MAX = 0x7fff;

    private final String source;
    private final boolean extended;
    private final boolean icase;
    private final boolean newline;
    private int pos;
    private int groups;
    private final List<Integer> closedGroups = new ArrayList<>();

    private Pattern pattern;
    private Node root;
    private boolean loopCaptures;
    private boolean anchoredStart;
    private String literal;

    private PosixRegex(String source, boolean extended, boolean icase, boolean newline) {
        this.source = source;
        this.extended = extended;
        this.icase = icase;
        this.newline = newline;
    }

    /**
     * Compiles a pattern (given as a byte string).
     *
     * @throws SyntaxError with glibc's regerror wording
     */
    static PosixRegex compile(String pattern, boolean extended, boolean icase, boolean newline) throws SyntaxError {
        PosixRegex r = new PosixRegex(pattern, extended, icase, newline);
        Node root = r.parseAlt(0);
        r.root = root;
        r.loopCaptures = LoopCaptureMatcher.needed(root, false);
        r.anchoredStart = !newline && startsWithBol(root);
        r.literal = requiredLiteral(root);
        if (r.pos < pattern.length()) {
            // only an unmatched close paren stops the top level
            throw new SyntaxError("Unmatched ) or \\)");
        }
        StringBuilder sb = new StringBuilder();
        r.emit(root, sb);
        r.pattern = Pattern.compile(sb.toString(), icase ? Pattern.CASE_INSENSITIVE : 0);
        return r;
    }

    /** @return the text every match contains (lower case, compared without ASCII case), or null */
    String requiredLiteral() {
        return literal;
    }

    /** @return the number of capturing groups */
    int groupCount() {
        return groups;
    }

    /** @return the translated Java pattern */
    Pattern javaPattern() {
        return pattern;
    }

    // ---- parser ----

    private boolean atEnd() {
        return pos >= source.length();
    }

    private char peek() {
        return source.charAt(pos);
    }

    private boolean lookingAt(String s) {
        return source.startsWith(s, pos);
    }

    private boolean atAltBar() {
        return extended ? !atEnd() && peek() == '|' : lookingAt("\\|");
    }

    private boolean atClose(int depth) {
        if (depth == 0) {
            return false;
        }
        return extended ? !atEnd() && peek() == ')' : lookingAt("\\)");
    }

    private Node parseAlt(int depth) throws SyntaxError {
        List<Node> alts = new ArrayList<>();
        // glibc refuses a back-reference to a group of another alternative; after the whole
        // alternation every group closed in it may be referenced
        int mark = closedGroups.size();
        List<Integer> closedInAlts = new ArrayList<>();
        alts.add(parseSeq(depth));
        while (atAltBar()) {
            pos += extended ? 1 : 2;
            closedInAlts.addAll(closedGroups.subList(mark, closedGroups.size()));
            closedGroups.subList(mark, closedGroups.size()).clear();
            alts.add(parseSeq(depth));
        }
        closedGroups.addAll(closedInAlts);
        return alts.size() == 1 ? alts.get(0) : new Alt(alts);
    }

    private Node parseSeq(int depth) throws SyntaxError {
        List<Node> items = new ArrayList<>();
        int seqStart = pos;
        while (!atEnd() && !atAltBar() && !atClose(depth)) {
            boolean first = items.isEmpty();
            Node atom = parseAtom(depth, first, seqStart);
            if (atom == null) {
                continue;
            }
            boolean anchorAtom = atom instanceof Assert;
            if (anchorAtom && extended && quantifierAhead()) {
                throw new SyntaxError("Invalid preceding regular expression");
            }
            if (anchorAtom && !extended) {
                // in basic syntax '*', '\+' and '\?' after an anchor are literal; '\{' is an error
                if (lookingAt("\\{")) {
                    throw new SyntaxError("Invalid preceding regular expression");
                }
                items.add(atom);
                if (!atEnd() && peek() == '*') {
                    pos++;
                    atom = literal('*');
                } else if (lookingAt("\\+") || lookingAt("\\?")) {
                    atom = literal(source.charAt(pos + 1));
                    pos += 2;
                } else {
                    continue;
                }
            }
            boolean quantified = false;
            while (!atEnd()) {
                if (quantified && !extended && (peek() == '*' || lookingAt("\\{"))) {
                    // glibc's basic syntax refuses '*' or an interval after a repetition
                    throw new SyntaxError("Invalid preceding regular expression");
                }
                int[] q = parseQuantifier();
                if (q == null) {
                    break;
                }
                quantified = true;
                atom = new Repeat(atom, q[0], q[1]);
            }
            items.add(atom);
        }
        return items.size() == 1 ? items.get(0) : new Seq(items);
    }

    /** Reads a quantifier at pos, or returns null. */
    private int[] parseQuantifier() throws SyntaxError {
        char c = peek();
        if (c == '*') {
            pos++;
            return new int[] {0, -1};
        }
        if (extended) {
            if (c == '+') {
                pos++;
                return new int[] {1, -1};
            }
            if (c == '?') {
                pos++;
                return new int[] {0, 1};
            }
            if (c == '{') {
                pos++;
                return parseInterval();
            }
            return null;
        }
        if (lookingAt("\\+")) {
            pos += 2;
            return new int[] {1, -1};
        }
        if (lookingAt("\\?")) {
            pos += 2;
            return new int[] {0, 1};
        }
        if (lookingAt("\\{")) {
            pos += 2;
            return parseInterval();
        }
        return null;
    }

    private int[] parseInterval() throws SyntaxError {
        if (source.indexOf(extended ? "}" : "\\}", pos) < 0) {
            throw new SyntaxError("Unmatched \\{");
        }
        int min = readNumber();
        int max;
        if (atEnd()) {
            throw new SyntaxError("Unmatched \\{");
        }
        if (peek() == ',') {
            pos++;
            max = readNumber();
        } else {
            max = min;
        }
        String close = extended ? "}" : "\\}";
        if (atEnd()) {
            throw new SyntaxError("Unmatched \\{");
        }
        if (!lookingAt(close)) {
            throw new SyntaxError("Invalid content of \\{\\}");
        }
        pos += close.length();
        if (min < 0) {
            min = 0;
        }
        if (max != -1 && max < min || min > DUP_MAX || max > DUP_MAX) {
            throw new SyntaxError(min > DUP_MAX || max > DUP_MAX
                    ? "Regular expression too big" : "Invalid content of \\{\\}");
        }
        return new int[] {min, max};
    }

    private int readNumber() {
        int start = pos;
        int n = 0;
        while (!atEnd() && peek() >= '0' && peek() <= '9') {
            n = Math.min(n * 10 + (peek() - '0'), DUP_MAX + 1);
            pos++;
        }
        return pos == start ? -1 : n;
    }

    private boolean quantifierAhead() {
        if (atEnd()) {
            return false;
        }
        char c = peek();
        if (extended) {
            return c == '*' || c == '+' || c == '?' || c == '{';
        }
        return false;
    }

    private Node parseAtom(int depth, boolean first, int seqStart) throws SyntaxError {
        char c = peek();
        if (extended && first && quantifierAhead()) {
            throw new SyntaxError("Invalid preceding regular expression");
        }
        if (c == '\\') {
            return parseEscape(depth);
        }
        if (c == '[') {
            pos++;
            return parseBracket();
        }
        if (c == '.') {
            pos++;
            BitSet b = new BitSet(256);
            b.set(0, 256);
            if (newline) {
                b.clear('\n');
            }
            return new CharSet(b);
        }
        if (extended) {
            switch (c) {
                case '(':
                    pos++;
                    return parseGroup(depth);
                case '^':
                    pos++;
                    return new Assert(AssertKind.BOL);
                case '$':
                    pos++;
                    return new Assert(AssertKind.EOL);
                default:
                    pos++;
                    return literal(c);
            }
        }
        // basic syntax
        if (c == '^' && pos == seqStart) {
            pos++;
            return new Assert(AssertKind.BOL);
        }
        if (c == '$' && (pos + 1 == source.length() || source.startsWith("\\)", pos + 1) && depth > 0
                || source.startsWith("\\|", pos + 1))) {
            pos++;
            return new Assert(AssertKind.EOL);
        }
        if (c == '*' && (first || pos == seqStart + 1 && source.charAt(seqStart) == '^')) {
            pos++;
            return literal('*');
        }
        pos++;
        return literal(c);
    }

    private Node parseGroup(int depth) throws SyntaxError {
        int index = ++groups;
        Node body = parseAlt(depth + 1);
        String close = extended ? ")" : "\\)";
        if (!lookingAt(close)) {
            throw new SyntaxError("Unmatched ( or \\(");
        }
        pos += close.length();
        closedGroups.add(index);
        return new Group(index, body);
    }

    private Node parseEscape(int depth) throws SyntaxError {
        if (pos + 1 >= source.length()) {
            throw new SyntaxError("Trailing backslash");
        }
        char c = source.charAt(pos + 1);
        pos += 2;
        if (!extended) {
            switch (c) {
                case '(':
                    return parseGroup(depth);
                case '{':
                    throw new SyntaxError("Invalid preceding regular expression");
                default:
                    break;
            }
        }
        if (c >= '1' && c <= '9') {
            int n = c - '0';
            if (!closedGroups.contains(n)) {
                throw new SyntaxError("Invalid back reference");
            }
            return new BackRef(n);
        }
        switch (c) {
            case 'w':
                return new CharSet(word(false));
            case 'W':
                return new CharSet(word(true));
            case 's':
                return new CharSet(space(false));
            case 'S':
                return new CharSet(space(true));
            case 'b':
                return new Assert(AssertKind.WORD_BOUNDARY);
            case 'B':
                return new Assert(AssertKind.NOT_WORD_BOUNDARY);
            case '<':
                return new Assert(AssertKind.WORD_START);
            case '>':
                return new Assert(AssertKind.WORD_END);
            case '`':
                return new Assert(AssertKind.BUF_START);
            case '\'':
                return new Assert(AssertKind.BUF_END);
            default:
                if (icase && c >= 'a' && c <= 'z') {
                    // glibc compares escaped letters against the upper-cased input under
                    // REG_ICASE, so an escaped lower-case letter never matches.
                    return new CharSet(new BitSet(256));
                }
                return literal(c);
        }
    }

    private CharSet literal(char c) {
        BitSet b = new BitSet(256);
        b.set(c & 0xff);
        if (icase) {
            addOtherCase(b);
        }
        return new CharSet(b);
    }

    private static void addOtherCase(BitSet b) {
        for (int ch = 'a'; ch <= 'z'; ch++) {
            if (b.get(ch) || b.get(ch - 32)) {
                b.set(ch);
                b.set(ch - 32);
            }
        }
    }

    private static BitSet word(boolean negate) {
        BitSet b = new BitSet(256);
        b.set('a', 'z' + 1);
        b.set('A', 'Z' + 1);
        b.set('0', '9' + 1);
        b.set('_');
        if (negate) {
            b.flip(0, 256);
        }
        return b;
    }

    private static BitSet space(boolean negate) {
        BitSet b = new BitSet(256);
        for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0B}) {
            b.set(c);
        }
        if (negate) {
            b.flip(0, 256);
        }
        return b;
    }

    private Node parseBracket() throws SyntaxError {
        String unmatched = "Unmatched [, [^, [:, [., or [=";
        BitSet set = new BitSet(256);
        boolean negate = false;
        if (!atEnd() && peek() == '^') {
            negate = true;
            pos++;
        }
        boolean firstItem = true;
        while (true) {
            if (atEnd()) {
                throw new SyntaxError(unmatched);
            }
            char c = peek();
            if (c == ']' && !firstItem) {
                pos++;
                break;
            }
            firstItem = false;
            int start;
            if (lookingAt("[:")) {
                int end = source.indexOf(":]", pos + 2);
                if (end < 0) {
                    throw new SyntaxError(unmatched);
                }
                addClass(set, source.substring(pos + 2, end));
                pos = end + 2;
                continue;
            } else if (lookingAt("[=") || lookingAt("[.")) {
                char kind = source.charAt(pos + 1);
                int end = source.indexOf(kind + "]", pos + 2);
                if (end < 0) {
                    throw new SyntaxError(unmatched);
                }
                if (end - (pos + 2) != 1) {
                    throw new SyntaxError("Invalid collation character");
                }
                start = source.charAt(pos + 2) & 0xff;
                pos = end + 2;
                if (kind == '=') {
                    set.set(start);
                    continue;
                }
            } else {
                start = c & 0xff;
                pos++;
            }
            // a range?
            if (pos + 1 < source.length() && peek() == '-' && source.charAt(pos + 1) != ']') {
                pos++;
                int end;
                if (lookingAt("[.")) {
                    int close = source.indexOf(".]", pos + 2);
                    if (close < 0) {
                        throw new SyntaxError(unmatched);
                    }
                    if (close - (pos + 2) != 1) {
                        throw new SyntaxError("Invalid collation character");
                    }
                    end = source.charAt(pos + 2) & 0xff;
                    pos = close + 2;
                } else if (lookingAt("[:") || lookingAt("[=")) {
                    throw new SyntaxError("Invalid range end");
                } else {
                    end = peek() & 0xff;
                    pos++;
                }
                if (icase) {
                    // glibc upper-cases range end points under REG_ICASE: [0-z] is 0-Z, [a-Z] is valid
                    start = upper(start);
                    end = upper(end);
                }
                if (end < start) {
                    throw new SyntaxError("Invalid range end");
                }
                set.set(start, end + 1);
            } else {
                set.set(start);
            }
        }
        if (icase) {
            addOtherCase(set);
        }
        if (negate) {
            set.flip(0, 256);
            if (newline) {
                set.clear('\n');
            }
        }
        return new CharSet(set);
    }

    private static int upper(int c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    private void addClass(BitSet set, String name) throws SyntaxError {
        for (int c = 0; c < 256; c++) {
            boolean in;
            switch (name) {
                case "alpha": in = c < 128 && Character.isLetter(c); break;
                case "digit": in = c >= '0' && c <= '9'; break;
                case "alnum": in = c < 128 && Character.isLetterOrDigit(c); break;
                case "upper": in = c >= 'A' && c <= 'Z'; break;
                case "lower": in = c >= 'a' && c <= 'z'; break;
                case "space": in = c == ' ' || c >= 9 && c <= 13; break;
                case "blank": in = c == ' ' || c == '\t'; break;
                case "punct": in = c > 32 && c < 127 && !Character.isLetterOrDigit(c); break;
                case "print": in = c >= 32 && c < 127; break;
                case "graph": in = c > 32 && c < 127; break;
                case "cntrl": in = c < 32 || c == 127; break;
                case "xdigit": in = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'; break;
                default: throw new SyntaxError("Invalid character class name");
            }
            if (in) {
                set.set(c);
            }
        }
    }

    // ---- translation to java.util.regex ----

    private static final String WORD = "[A-Za-z0-9_]";

    private void emit(Node n, StringBuilder sb) {
        if (n instanceof Seq s) {
            for (Node item : s.items()) {
                emit(item, sb);
            }
        } else if (n instanceof Alt a) {
            sb.append("(?:");
            for (int i = 0; i < a.alternatives().size(); i++) {
                if (i > 0) {
                    sb.append('|');
                }
                emit(a.alternatives().get(i), sb);
            }
            sb.append(')');
        } else if (n instanceof Group g) {
            sb.append('(');
            emit(g.body(), sb);
            sb.append(')');
        } else if (n instanceof Repeat r) {
            boolean simple = r.body() instanceof CharSet || r.body() instanceof Group;
            if (!simple) {
                sb.append("(?:");
            }
            emit(r.body(), sb);
            if (!simple) {
                sb.append(')');
            }
            if (r.min() == 0 && r.max() < 0) {
                sb.append('*');
            } else if (r.min() == 1 && r.max() < 0) {
                sb.append('+');
            } else if (r.min() == 0 && r.max() == 1) {
                sb.append('?');
            } else {
                sb.append('{').append(r.min()).append(',');
                if (r.max() >= 0) {
                    sb.append(r.max());
                }
                sb.append('}');
            }
        } else if (n instanceof CharSet c) {
            emitSet(c.bytes(), sb);
        } else if (n instanceof BackRef b) {
            sb.append("(?:\\").append(b.index()).append(')');
        } else if (n instanceof Assert a) {
            switch (a.kind()) {
                case BOL: sb.append(newline ? "(?:^|(?<=\\n))" : "^"); break;
                case EOL: sb.append(newline ? "(?=\\n|\\z)" : "\\z"); break;
                case WORD_BOUNDARY: sb.append("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))"); break;
                case NOT_WORD_BOUNDARY: sb.append("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))"); break;
                case WORD_START: sb.append("(?<!" + WORD + ")(?=" + WORD + ")"); break;
                case WORD_END: sb.append("(?<=" + WORD + ")(?!" + WORD + ")"); break;
                case BUF_START: sb.append("^"); break;
                default: sb.append("\\z"); break;
            }
        }
    }

    private static void emitSet(BitSet set, StringBuilder sb) {
        int card = set.cardinality();
        if (card == 0) {
            sb.append("(?!)");
            return;
        }
        if (card == 256) {
            sb.append("[\\x{0}-\\x{ff}]");
            return;
        }
        sb.append('[');
        for (int i = set.nextSetBit(0); i >= 0 && i < 256; ) {
            int end = set.nextClearBit(i) - 1;
            appendChar(i, sb);
            if (end > i) {
                sb.append('-');
                appendChar(end, sb);
            }
            i = set.nextSetBit(end + 1);
        }
        sb.append(']');
    }

    private static void appendChar(int c, StringBuilder sb) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            sb.append((char) c);
        } else {
            sb.append("\\x{").append(Integer.toHexString(c)).append('}');
        }
    }

    // ---- matching ----

    /**
     * Whether the expression matches anywhere in the byte string.
     */
    boolean find(String bytes) {
        if (literal != null && !containsIgnoreCase(bytes, literal)) {
            return false;
        }
        Matcher m = pattern.matcher(bytes);
        return anchoredStart ? m.lookingAt() : m.find();
    }

    /**
     * The longest run (at least 3) of single characters that every match must contain, lower
     * case, or null: a cheap test that rejects most keys before the regular expression runs.
     */
    private static String requiredLiteral(Node root) {
        List<Node> items = new ArrayList<>();
        inline(root, items);
        String best = null;
        StringBuilder run = new StringBuilder();
        for (Node item : items) {
            int c = single(item);
            if (c >= 0) {
                run.append((char) c);
                continue;
            }
            if (item instanceof Assert) {
                continue; // zero width: the run goes on
            }
            best = longer(best, run);
            run.setLength(0);
        }
        best = longer(best, run);
        return best;
    }

    /**
     * The items of a sequence, with the bodies of groups that match exactly once (not repeated,
     * no alternation inside) put in place: such a group's text sits in every match between
     * the text of its neighbours, so {@code ^(.*)\.(.*@mail1\.org)$} requires {@code @mail1.org}.
     */
    private static void inline(Node n, List<Node> out) {
        if (n instanceof Seq s) {
            for (Node item : s.items()) {
                inline(item, out);
            }
        } else if (n instanceof Group g && !(g.body() instanceof Alt)) {
            inline(g.body(), out);
        } else {
            out.add(n);
        }
    }

    private static String longer(String best, StringBuilder run) {
        if (run.length() >= 3 && (best == null || run.length() > best.length())) {
            return run.toString();
        }
        return best;
    }

    /** The lower-case char a node matches when it matches exactly one (ignoring ASCII case), else -1. */
    private static int single(Node n) {
        if (!(n instanceof CharSet c)) {
            return -1;
        }
        BitSet b = c.bytes();
        int card = b.cardinality();
        int first = b.nextSetBit(0);
        if (card == 1) {
            return first >= 'A' && first <= 'Z' ? -1 : first;
        }
        if (card == 2 && first >= 'A' && first <= 'Z' && b.get(first + 32)) {
            return first + 32;
        }
        return -1;
    }

    /** ASCII case-insensitive substring test; {@code lower} is lower case. */
    static boolean containsIgnoreCase(String s, String lower) {
        int n = s.length();
        int m = lower.length();
        char first = lower.charAt(0);
        outer:
        for (int i = 0; i + m <= n; i++) {
            char c = s.charAt(i);
            if (c != first && (c | 0x20) != first) {
                continue;
            }
            for (int j = 1; j < m; j++) {
                char d = s.charAt(i + j);
                char want = lower.charAt(j);
                if (d != want && !(d >= 'A' && d <= 'Z' && d + 32 == want)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether every match must start at 0, so that one attempt there decides. */
    private static boolean startsWithBol(Node n) {
        if (n instanceof Assert a) {
            return a.kind() == AssertKind.BOL || a.kind() == AssertKind.BUF_START;
        }
        if (n instanceof Seq s) {
            return !s.items().isEmpty() && startsWithBol(s.items().get(0));
        }
        if (n instanceof Group g) {
            return startsWithBol(g.body());
        }
        if (n instanceof Alt a) {
            return a.alternatives().stream().allMatch(PosixRegex::startsWithBol);
        }
        return false;
    }

    /**
     * Finds the match glibc's {@code regexec} reports: the leftmost start, the longest end from
     * there, and within that span the groups a backtracking matcher assigns (first alternative,
     * greedy repetition first), which is what glibc's register assignment does. Returns its group spans as {@code [start1, end1, start2, end2, ...]} (-1 when unset) for
     * groups 1..n, or null when there is no match.
     */
    int[] match(String bytes) {
        if (literal != null && !containsIgnoreCase(bytes, literal)) {
            return null;
        }
        Matcher m = pattern.matcher(bytes);
        if (!(anchoredStart ? m.lookingAt() : m.find())) {
            return null;
        }
        int start = m.start();
        int end = m.end();
        int len = bytes.length();
        // Java may leave captures of abandoned attempts behind; a fresh matches() over the
        // chosen span gives clean groups. Try the longest span first (leftmost-longest).
        m.useTransparentBounds(true).useAnchoringBounds(false);
        boolean matched = false;
        int e = len;
        for (; e >= end && !matched; e--) {
            m.region(start, e);
            matched = m.matches();
        }
        if (matched && loopCaptures) {
            int[] spans = LoopCaptureMatcher.match(root, groups, bytes, start, e + 1, icase, newline);
            if (spans != null) {
                return spans;
            }
        }
        if (!matched) {
            return null; // cannot happen: [start, end] matched
        }
        int[] spans = new int[groups * 2];
        for (int g = 1; g <= groups; g++) {
            spans[2 * g - 2] = m.start(g);
            spans[2 * g - 1] = m.end(g);
        }
        return spans;
    }
}
