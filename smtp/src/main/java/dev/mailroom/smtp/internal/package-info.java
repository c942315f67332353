/**
 * Wire-level pieces of the SMTP engine, not exported: the connection (TCP or Unix-domain, with
 * read timeouts and a write watchdog), TLS support (contexts, PEM files, the post-handshake
 * checks), dnsjava lookups, the reply reader, command encoding with its checks on encoded
 * bytes, xtext, and the DATA (dot-stuffing) and BDAT output streams.
 */
package dev.mailroom.smtp.internal;
