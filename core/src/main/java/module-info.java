/**
 * mailroom core: mail addresses, Postfix configuration ({@code main.cf}, {@code master.cf}),
 * lookup tables and address resolution. Depends on nothing beyond the JDK.
 */
module dev.mailroom.core {
    exports dev.mailroom.address;
    exports dev.mailroom.config;
    exports dev.mailroom.resolve;
    exports dev.mailroom.table;
    exports dev.mailroom.table.spi;

    uses dev.mailroom.table.spi.TableProvider;

    provides dev.mailroom.table.spi.TableProvider with dev.mailroom.table.internal.BuiltinTables;
}
