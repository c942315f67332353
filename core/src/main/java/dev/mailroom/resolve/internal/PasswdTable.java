package dev.mailroom.resolve.internal;

import dev.mailroom.resolve.UserDatabase;
import dev.mailroom.table.LookupTable;

/** {@code unix:passwd.byname} answered from a {@link UserDatabase}. */
final class PasswdTable implements LookupTable {

    private final String spec;
    private final UserDatabase users;

    PasswdTable(String spec, UserDatabase users) {
        this.spec = spec;
        this.users = users;
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public boolean isPattern() {
        return false;
    }

    @Override
    public String get(String key) {
        // a fixed-key table: keys are folded, as every Postfix fixed table folds them
        return users.find(AddressText.fold(key)).map(u -> u.name() + ":x:" + u.uid() + ":" + u.gid() + "::" + u.home() + ":"
                + u.shell()).orElse(null);
    }
}
