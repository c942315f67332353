package dev.mailroom.resolve.internal;

import dev.mailroom.table.TableException;
import java.util.List;

/**
 * A Postfix domain list ({@code mydestination}, {@code relay_domains},
 * {@code virtual_alias_domains} ...): literal names, {@code .parent} names, {@code !negations},
 * and {@code type:table} entries, first match wins.
 */
final class DomainList {

    /** One element: a literal pattern or a table. */
    record Element(boolean negated, String pattern, Maps.Entry table) {
    }

    /** An answer of a list without tables: the domain as asked, and the answer. */
    private record Last(String domain, String answer) {
    }

    final String parameter;
    private final Element[] elements;
    private final boolean parentMatches;
    /** Per element: a literal starting with a dot (matches any subdomain). */
    private final boolean[] dotted;
    /** Per element: {@code "." + pattern}, for parent_domain_matches_subdomains. */
    private final String[] parentSuffix;
    /** Whether the answer depends on the domain alone (no table elements). */
    private final boolean fixed;
    /**
     * Answers kept when {@link #fixed} (a pure function of the domain then), in slots chosen by
     * the domain's hash: a resolution asks about one domain several times, and mail goes to
     * few domains. Null when the list has tables.
     */
    private final Last[] answers;
    private static final int SLOTS = 64;

    DomainList(String parameter, List<Element> elements, boolean parentMatches) {
        this.parameter = parameter;
        this.elements = elements.toArray(new Element[0]);
        this.parentMatches = parentMatches;
        dotted = new boolean[this.elements.length];
        parentSuffix = new String[this.elements.length];
        boolean noTables = true;
        for (int k = 0; k < this.elements.length; k++) {
            Element e = this.elements[k];
            if (e.table() == null) {
                dotted[k] = e.pattern().startsWith(".");
                parentSuffix[k] = "." + e.pattern();
            } else {
                noTables = false;
            }
        }
        fixed = noTables;
        answers = noTables ? new Last[SLOTS] : null;
    }

    boolean isEmpty() {
        return elements.length == 0;
    }

    /** @return true when the list has no tables: its answer depends on the domain alone */
    boolean isFixed() {
        return fixed;
    }

    /**
     * {@link #match(String)} of a domain already case-folded.
     *
     * @param folded the domain, folded as {@link AddressText#fold} folds
     * @return as {@link #match(String)}
     * @throws TableException when a table fails
     */
    String matchFolded(String folded) throws TableException {
        return elements.length == 0 ? "" : match(folded, 0);
    }

    /**
     * @param domain the domain, any case
     * @return the matching element's text (empty when none matched or a negation matched)
     * @throws TableException when a table fails
     */
    String match(String domain) throws TableException {
        return match(domain, 0);
    }

    /**
     * {@link #match(String)} of {@code s.substring(from)}, without building that string when
     * the list has answered for the same domain before.
     *
     * @param s a text ending with the domain (an address)
     * @param from where the domain starts
     * @return as {@link #match(String)}
     * @throws TableException when a table fails
     */
    String match(String s, int from) throws TableException {
        if (elements.length == 0) {
            return "";
        }
        if (!fixed) {
            return search(AddressText.fold(s.substring(from)));
        }
        int n = s.length();
        int slot = AddressText.tailHash(s, from) & (SLOTS - 1);
        Last l = answers[slot];
        if (l != null && l.domain().length() == n - from && s.startsWith(l.domain(), from)) {
            return l.answer();
        }
        String domain = s.substring(from);
        String answer = search(AddressText.fold(domain));
        answers[slot] = new Last(domain, answer);
        return answer;
    }

    private String search(String d) throws TableException {
        for (int k = 0; k < elements.length; k++) {
            Element e = elements[k];
            boolean hit;
            if (e.table() != null) {
                hit = tableMatch(e.table(), d);
            } else {
                String p = e.pattern();
                hit = d.equals(p)
                        || (dotted[k] && d.endsWith(p))
                        || (parentMatches && d.endsWith(parentSuffix[k]));
            }
            if (hit) {
                return e.negated() ? "" : (e.table() != null ? e.table().spec() : e.pattern());
            }
        }
        return "";
    }

    private boolean tableMatch(Maps.Entry t, String d) throws TableException {
        if (t.get(d) != null) {
            return true;
        }
        if (t.isPattern()) {
            return false;
        }
        int dot = d.indexOf('.');
        while (dot >= 0) {
            String parent = parentMatches ? d.substring(dot + 1) : d.substring(dot);
            if (!parent.isEmpty() && !parent.equals(".") && t.get(parent) != null) {
                return true;
            }
            dot = d.indexOf('.', dot + 1);
        }
        return false;
    }
}
