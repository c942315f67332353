/**
 * The provider SPI through which other modules add table types (e.g. {@code pgsql:},
 * {@code ldap:}) without changing core.
 */
package dev.mailroom.table.spi;
