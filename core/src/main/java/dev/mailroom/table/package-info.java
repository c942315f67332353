/**
 * Postfix lookup tables: {@link dev.mailroom.table.LookupTable} and
 * {@link dev.mailroom.table.LookupTables#open(String)} for every table type an application
 * meets in {@code main.cf}. See {@code docs/maps.md}.
 */
package dev.mailroom.table;
