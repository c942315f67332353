package dev.mailroom.config.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Postfix list values: elements are separated by any run of commas and white space;
 * text inside balanced {@code { }} is kept together (braces included), so that
 * {@code inline:{a=b, c=d}} stays one element.
 */
public final class ListSplitter {

    private static final String SEPARATORS = ", \t\r\n";

    private ListSplitter() {
    }

    /**
     * @param value the expanded value
     * @return the elements, never empty strings
     */
    public static List<String> split(String value) {
        return split(value, SEPARATORS);
    }

    /**
     * Splits on any run of the given separator characters, keeping balanced {@code { }}
     * groups (braces included) in one element.
     *
     * @param value the text
     * @param separators the characters that separate elements outside braces
     * @return the elements, never empty strings
     */
    public static List<String> split(String value, String separators) {
        List<String> out = new ArrayList<>();
        int n = value.length();
        int i = 0;
        while (i < n) {
            while (i < n && separators.indexOf(value.charAt(i)) >= 0) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            int depth = 0;
            while (i < n) {
                char c = value.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && depth > 0) {
                    depth--;
                } else if (depth == 0 && separators.indexOf(c) >= 0) {
                    break;
                }
                i++;
            }
            out.add(value.substring(start, i));
        }
        return out;
    }
}
