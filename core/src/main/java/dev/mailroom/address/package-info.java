/**
 * RFC 5321 mail addresses: {@link dev.mailroom.address.MailAddress} parses, checks, formats and
 * compares mailboxes (quoted local parts, internationalized domains, address literals, the
 * null sender) and splits address extensions by {@code recipient_delimiter} as Postfix does.
 * See {@code docs/addresses.md}.
 */
package dev.mailroom.address;
