package dev.mailroom.table.internal;

import dev.mailroom.internal.LogicalLine;
import dev.mailroom.table.TableOptions;
import dev.mailroom.table.TableWarning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads an {@code aliases(5)} source as {@code postalias} does: the line is split into RFC 822
 * tokens, the name before the first {@code :} is stored unquoted and folded, the value after it
 * is re-serialised from its tokens ({@code alice,bob} becomes {@code alice, bob}), and the
 * sentinel entry {@code @ -> @} is added.
 */
public final class AliasParser {

    enum Kind { ATOM, QSTRING, COMMENT, DOMLIT, SPECIAL }

    record Token(Kind kind, String text) {
        boolean wordLike() {
            return kind != Kind.SPECIAL;
        }

        boolean is(char c) {
            return kind == Kind.SPECIAL && text.charAt(0) == c;
        }
    }

    private static final String SPECIALS = "()<>@,;:\\\".[]";
    private static final String ATOM_PUNCT = "!#$%&'*+-/=?^_`{|}~";

    private AliasParser() {
    }

    static Map<String, String> parse(List<LogicalLine> lines, String file, String dupName, TableOptions options,
            Consumer<TableWarning> warn) {
        Map<String, String> map = new HashMap<>();
        for (LogicalLine ll : lines) {
            List<Token> tokens = scan(ll.text());
            if (tokens.isEmpty()) {
                continue;
            }
            int colon = -1;
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).is(':')) {
                    colon = i;
                    break;
                }
            }
            boolean commaBefore = false;
            boolean domainBefore = false;
            for (int i = 0; i < Math.max(colon, 0); i++) {
                commaBefore |= tokens.get(i).is(',');
                domainBefore |= tokens.get(i).is('@') || tokens.get(i).is('%')
                        || tokens.get(i).kind() == Kind.ATOM && tokens.get(i).text().indexOf('%') >= 0;
            }
            if (colon <= 0 || colon == tokens.size() - 1 || commaBefore) {
                warn.accept(new TableWarning(file, ll.number(), file + ", line " + ll.number() + ": need name:value pair"));
                continue;
            }
            if (domainBefore) {
                warn.accept(new TableWarning(file, ll.number(), file + ", line " + ll.number() + ": name must be local"));
                continue;
            }
            String key = internalize(tokens.subList(0, colon));
            String value = externalize(tokens.subList(colon + 1, tokens.size()));
            SourceParser.put(map, key, value, ll.number(), file, dupName, options, warn);
        }
        map.putIfAbsent("@", "@");
        return map;
    }

    /**
     * A list of addresses as Postfix's RFC 822 scanner leaves it: the form {@code postalias}
     * stores for an alias value, and the form local(8) reads a {@code .forward} or
     * {@code :include:} line in (an unquoted backslash escapes the next character and is
     * dropped, so <code>&#92;user</code> there is plain {@code user}).
     *
     * @param text the list as written
     * @return the list re-serialised from its tokens
     */
    public static String normalizeList(String text) {
        return externalize(scan(text));
    }

    /** Splits text into RFC 822 tokens the way Postfix's tok822 scanner does. */
    static List<Token> scan(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (SourceParser.isSpace(c) || c < 0x20 && c != 0) {
                i++;
            } else if (c == '(') {
                int depth = 0;
                int start = i;
                for (; i < n; i++) {
                    char d = s.charAt(i);
                    if (d == '\\') {
                        i++;
                    } else if (d == '(') {
                        depth++;
                    } else if (d == ')' && --depth == 0) {
                        i++;
                        break;
                    }
                }
                String text = s.substring(start, Math.min(i, n));
                out.add(new Token(Kind.COMMENT, depth > 0 ? text + ")".repeat(depth) : text));
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        sb.append(s.charAt(i + 1));
                        i += 2;
                    } else {
                        sb.append(s.charAt(i++));
                    }
                }
                i++;
                out.add(new Token(Kind.QSTRING, sb.toString()));
            } else if (c == '[') {
                int start = i;
                while (i < n && s.charAt(i) != ']') {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                    i++;
                }
                i++;
                out.add(new Token(Kind.DOMLIT, s.substring(start, Math.min(i, n)) + (i > n ? "]" : "")));
            } else if (SPECIALS.indexOf(c) >= 0 && c != '\\') {
                out.add(new Token(Kind.SPECIAL, String.valueOf(c)));
                i++;
            } else {
                StringBuilder sb = new StringBuilder();
                boolean quoted = false;
                while (i < n) {
                    char d = s.charAt(i);
                    if (d == '\\') {
                        if (i + 1 < n) {
                            sb.append(s.charAt(i + 1));
                        }
                        quoted = true;
                        i += 2;
                        continue;
                    }
                    if (SourceParser.isSpace(d) || d < 0x20 || SPECIALS.indexOf(d) >= 0) {
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                String text = sb.toString();
                out.add(new Token(quoted && needsQuotes(text) ? Kind.QSTRING : Kind.ATOM, text));
            }
        }
        return out;
    }

    private static boolean needsQuotes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && !Character.isLetterOrDigit(c) && ATOM_PUNCT.indexOf(c) < 0) {
                return true;
            }
        }
        return false;
    }

    /** The internal (unquoted) form, as stored for keys. */
    static String internalize(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.COMMENT) {
                continue;
            }
            sb.append(t.text());
        }
        return sb.toString();
    }

    /** The external (quoted) form, as stored for values. */
    static String externalize(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Kind.QSTRING) {
                sb.append('"');
                for (int j = 0; j < t.text().length(); j++) {
                    char c = t.text().charAt(j);
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append('"');
            } else {
                sb.append(t.text());
            }
            if (t.is(',')) {
                sb.append(' ');
            } else if (i + 1 < tokens.size() && t.wordLike()) {
                Token next = tokens.get(i + 1);
                if (next.wordLike() || next.is('<')) {
                    sb.append(' ');
                }
            }
        }
        return sb.toString();
    }
}
