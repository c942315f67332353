package dev.mailroom.table.internal;

import dev.mailroom.internal.LogicalLine;
import dev.mailroom.internal.LogicalLineReader;
import dev.mailroom.table.LookupTable;
import dev.mailroom.table.TableException;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.TableSpec;
import dev.mailroom.table.TableWarning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** {@code regexp:}, {@code pcre:} and {@code cidr:} tables: ordered rules with if/endif. */
final class PatternTables {

    /** One compiled expression. */
    interface Expr {
        boolean find(String bytes);

        /** Group spans of the preferred match, or null when there is no match. */
        int[] match(String bytes);

        int groupCount();

        /** Whether a negated rule fires: by default, when the expression does not match. */
        default boolean findNegated(String bytes) {
            return !find(bytes);
        }
    }

    /** A rule: a match rule, an IF (with the index of its ENDIF, or -1) or an ENDIF. */
    static final class Rule {
        final int kind; // 0 match, 1 if, 2 endif
        final Expr expr;
        final boolean negated;
        final Expr not; // regexp's /p1/!/p2/ form
        final Replacement result;
        int endif = -1;

        Rule(int kind, Expr expr, boolean negated, Expr not, Replacement result) {
            this.kind = kind;
            this.expr = expr;
            this.negated = negated;
            this.not = not;
            this.result = result;
        }
    }

    private PatternTables() {
    }

    static LookupTable open(TableSpec spec, TableOptions options, Consumer<TableWarning> warn) throws TableException {
        String name = spec.name();
        String type = spec.type();
        if (name.startsWith("{")) {
            String body = BraceSyntax.stripBraces(name);
            List<LogicalLine> lines = new ArrayList<>();
            if (body != null) {
                for (String element : BraceSyntax.split(body)) {
                    String rule = element.startsWith("{") ? BraceSyntax.stripBraces(element) : null;
                    if (rule == null) {
                        body = null;
                        break;
                    }
                    lines.add(new LogicalLine(lines.size() + 1, rule));
                }
            }
            if (body == null || lines.isEmpty()) {
                throw new TableException("bad syntax: \"" + spec + "\"; need \"" + type + ":{{rule}...}\"");
            }
            return build(spec.toString(), type, name, lines, options, warn);
        }
        return ReloadingTable.open(spec.toString(), true, Path.of(name), file -> {
            String fn = file.toString();
            List<LogicalLine> lines = LogicalLineReader.read(LogicalLineReader.decode(Files.readAllBytes(file)), fn,
                    m -> warn.accept(new TableWarning(fn, 0, m)));
            return build(spec.toString(), type, fn, lines, options, warn);
        }, options.reloadCheckInterval().toNanos(), "open " + name);
    }

    static LookupTable build(String spec, String type, String file, List<LogicalLine> lines, TableOptions options,
            Consumer<TableWarning> warn) {
        List<Rule> rules = new ArrayList<>();
        Deque<int[]> ifs = new ArrayDeque<>(); // {rule index, line}
        for (LogicalLine ll : lines) {
            String prefix = type + " map " + file + ", line " + ll.number() + ": ";
            Consumer<String> w = m -> warn.accept(new TableWarning(file, ll.number(), m));
            String text = BraceSyntax.trim(ll.text());
            if (text.isEmpty()) {
                continue;
            }
            if (keyword(text, "if")) {
                Rule r = "cidr".equals(type)
                        ? CidrRules.parseIf(text.substring(2), prefix, w)
                        : parseIf(type, text.substring(2), prefix, options, w);
                if (r != null) {
                    ifs.push(new int[] {rules.size(), ll.number()});
                    rules.add(r);
                }
            } else if (keyword(text, "endif")) {
                boolean extra = !BraceSyntax.trim(text.substring(5)).isEmpty();
                boolean cidr = "cidr".equals(type);
                if (extra) {
                    w.accept(prefix + (cidr ? "garbage after ENDIF: skipping this rule" : "ignoring extra text after ENDIF"));
                    if (cidr) {
                        continue;
                    }
                }
                if (ifs.isEmpty()) {
                    w.accept(prefix + (cidr ? "ENDIF without IF: skipping this rule" : "ignoring ENDIF without matching IF"));
                } else {
                    rules.get(ifs.pop()[0]).endif = rules.size();
                    rules.add(new Rule(2, null, false, null, null));
                }
            } else if ("cidr".equals(type)) {
                Rule r = CidrRules.parseRule(text, prefix, w);
                if (r != null) {
                    rules.add(r);
                }
            } else if (Character.isLetterOrDigit(text.charAt(0))) {
                w.accept(prefix + "ignoring unrecognized request");
            } else {
                Rule r = parseMatch(type, text, prefix, options, w);
                if (r != null) {
                    rules.add(r);
                }
            }
        }
        List<int[]> open = new ArrayList<>(ifs);
        for (int i = open.size() - 1; i >= 0; i--) {
            int line = open.get(i)[1];
            warn.accept(new TableWarning(file, line, type + " map " + file + ", line " + line
                    + ": IF has no matching ENDIF"));
        }
        return new RuleTable(spec, rules.toArray(new Rule[0]), !"cidr".equals(type));
    }

    private static boolean keyword(String text, String word) {
        return text.regionMatches(true, 0, word, 0, word.length())
                && (text.length() == word.length() || !Character.isLetterOrDigit(text.charAt(word.length())));
    }

    /** The result of scanning {@code [!...]/pattern/flags}. */
    private record Pat(String pattern, boolean negated, String flags, int end) {
    }

    private static Pat scanPattern(String text, int from, boolean pcre, String prefix, Consumer<String> w) {
        int n = text.length();
        int p = from;
        boolean neg = false;
        while (p < n && (text.charAt(p) == '!' || SourceParser.isSpace(text.charAt(p)))) {
            if (text.charAt(p) == '!') {
                neg = !neg;
            }
            p++;
        }
        if (p >= n) {
            w.accept(prefix + "no regexp: skipping this rule");
            return null;
        }
        char delim = text.charAt(p++);
        int start = p;
        while (p < n && text.charAt(p) != delim) {
            p += text.charAt(p) == '\\' && p + 1 < n ? 2 : 1;
        }
        if (p >= n) {
            w.accept(prefix + "no closing regexp delimiter \"" + delim + "\": skipping this rule");
            return null;
        }
        String pattern = text.substring(start, p);
        p++;
        int fs = p;
        while (p < n && !SourceParser.isSpace(text.charAt(p)) && (pcre || text.charAt(p) != '!')) {
            p++;
        }
        return new Pat(pattern, neg, text.substring(fs, p), p);
    }

    private static Expr compile(String type, Pat pat, String prefix, Consumer<String> w) {
        if ("pcre".equals(type)) {
            return PcreExpr.compile(pat.pattern(), pat.flags(), prefix, w);
        }
        boolean extended = true;
        boolean icase = true;
        boolean newline = false;
        for (char f : pat.flags().toCharArray()) {
            switch (f) {
                case 'i': icase = !icase; break;
                case 'x': extended = !extended; break;
                case 'm': newline = !newline; break;
                default:
                    w.accept(prefix + "unknown regexp option \"" + f + "\": skipping this rule");
                    return null;
            }
        }
        try {
            PosixRegex re = PosixRegex.compile(Bytes.toBytes(pat.pattern()), extended, icase, newline);
            return new Expr() {
                @Override
                public boolean find(String bytes) {
                    return re.find(bytes);
                }

                @Override
                public int[] match(String bytes) {
                    return re.match(bytes);
                }

                @Override
                public int groupCount() {
                    return re.groupCount();
                }
            };
        } catch (PosixRegex.SyntaxError e) {
            w.accept(prefix + e.getMessage());
            return null;
        }
    }

    private static Rule parseIf(String type, String rest, String prefix, TableOptions options, Consumer<String> w) {
        boolean pcre = "pcre".equals(type);
        Pat pat = scanPattern(rest, 0, pcre, prefix, w);
        if (pat == null) {
            return null;
        }
        Expr e = compile(type, pat, prefix, w);
        if (e == null) {
            return null;
        }
        String extra = BraceSyntax.trim(rest.substring(pat.end()));
        if (!extra.isEmpty()) {
            w.accept(prefix + "ignoring extra text after IF statement: \"" + extra + "\"");
            w.accept(prefix + "do not prepend whitespace to statements between IF and ENDIF");
        }
        return new Rule(1, e, pat.negated(), null, null);
    }

    private static Rule parseMatch(String type, String text, String prefix, TableOptions options, Consumer<String> w) {
        boolean pcre = "pcre".equals(type);
        Pat pat = scanPattern(text, 0, pcre, prefix, w);
        if (pat == null) {
            return null;
        }
        Expr e = compile(type, pat, prefix, w);
        if (e == null) {
            return null;
        }
        int p = pat.end();
        Expr not = null;
        if (!pcre && p < text.length() && text.charAt(p) == '!') {
            Pat second = scanPattern(text, p + 1, false, prefix, w);
            if (second == null) {
                return null;
            }
            not = compile(type, new Pat(second.pattern(), false, second.flags(), second.end()), prefix, w);
            if (not == null) {
                return null;
            }
            p = second.end();
        }
        String result = BraceSyntax.trim(text.substring(p));
        if (result.isEmpty()) {
            w.accept(prefix + "no replacement text: using empty string");
        }
        try {
            Replacement r = Replacement.parse(result, prefix, pcre, pat.negated(), options.regexSubstitution(),
                    e.groupCount(), w);
            return new Rule(0, e, pat.negated(), not, r);
        } catch (Replacement.Invalid ex) {
            return null;
        }
    }

    /** The loaded, immutable rule list. */
    static final class RuleTable implements LookupTable {
        private final String spec;
        private final Rule[] rules;
        private final boolean bytes;

        RuleTable(String spec, Rule[] rules, boolean bytes) {
            this.spec = spec;
            this.rules = rules;
            this.bytes = bytes;
        }

        @Override
        public String spec() {
            return spec;
        }

        @Override
        public boolean isPattern() {
            return true;
        }

        @Override
        public String get(String key) {
            Objects.requireNonNull(key, "key");
            String in = bytes ? Bytes.toBytes(key) : key;
            int i = 0;
            while (i < rules.length) {
                Rule r = rules[i];
                if (r.kind == 1) {
                    if (r.negated ? r.expr.findNegated(in) : r.expr.find(in)) {
                        i++;
                    } else if (r.endif < 0) {
                        return null;
                    } else {
                        i = r.endif + 1;
                    }
                    continue;
                }
                i++;
                if (r.kind == 2) {
                    continue;
                }
                if (r.negated) {
                    if (r.expr.findNegated(in)) {
                        return r.result.constant();
                    }
                    continue;
                }
                if (!r.result.usesGroups()) {
                    if (r.expr.find(in) && (r.not == null || !r.not.find(in))) {
                        return r.result.constant();
                    }
                    continue;
                }
                int[] spans = r.expr.match(in);
                if (spans != null && (r.not == null || !r.not.find(in))) {
                    return r.result.expand(in, spans);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "RuleTable[" + spec + ", " + rules.length + " rules]";
        }
    }
}
