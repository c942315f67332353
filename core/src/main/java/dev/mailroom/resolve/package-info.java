/**
 * Address resolution as Postfix 3.7 does it: canonical rewriting, virtual alias expansion,
 * the address class decision, local aliases and {@code .forward} files, virtual mailboxes and
 * the transport decision. Entry point: {@link dev.mailroom.resolve.Resolver}. See
 * {@code docs/resolve.md}.
 */
package dev.mailroom.resolve;
