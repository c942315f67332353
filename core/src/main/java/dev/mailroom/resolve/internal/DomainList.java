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

    final String parameter;
    private final Element[] elements;
    private final boolean parentMatches;

    DomainList(String parameter, List<Element> elements, boolean parentMatches) {
        this.parameter = parameter;
        this.elements = elements.toArray(new Element[0]);
        this.parentMatches = parentMatches;
    }

    boolean isEmpty() {
        return elements.length == 0;
    }

    /**
     * @param domain the domain, any case
     * @return the matching element's text (empty when none matched or a negation matched)
     * @throws TableException when a table fails
     */
    String match(String domain) throws TableException {
        if (elements.length == 0) {
            return "";
        }
        String d = AddressText.fold(domain);
        for (Element e : elements) {
            boolean hit;
            if (e.table() != null) {
                hit = tableMatch(e.table(), d);
            } else {
                String p = e.pattern();
                hit = d.equals(p)
                        || (p.startsWith(".") && d.endsWith(p))
                        || (parentMatches && d.endsWith("." + p));
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
