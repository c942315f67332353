package dev.mailroom.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@link MainConfig#lint(MasterConfig)} found, worded as {@code postconf} words its
 * warnings ({@code DIR} is the configuration directory).
 *
 * @param warnings in the order found: {@code DIR/main.cf: undefined parameter: name} for a
 *     {@code $name} that nothing defines ({@code DIR/master.cf: ...} inside {@code -o}
 *     overrides), {@code DIR/main.cf: read-only parameter assignment: name=value}, and
 *     expansion syntax warnings
 * @param unused {@code DIR/main.cf: unused parameter: name=value} for each name that is
 *     neither a Postfix parameter nor referenced anywhere, sorted by name, then the same for
 *     {@code master.cf} overrides
 * @param userParameters names that are not Postfix parameters but are in use: referenced
 *     as {@code $name} or listed in {@code smtpd_restriction_classes}
 */
public record LintReport(List<String> warnings, List<String> unused, Set<String> userParameters) {

    /** Copies the collections. */
    public LintReport {
        warnings = List.copyOf(warnings);
        unused = List.copyOf(unused);
        userParameters = Set.copyOf(userParameters);
    }

    /** @return every finding, warnings first */
    public List<String> messages() {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(unused);
        return List.copyOf(all);
    }

    /** @return true when nothing was found */
    public boolean isClean() {
        return warnings.isEmpty() && unused.isEmpty();
    }
}
