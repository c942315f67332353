/**
 * Wire-level pieces of the SMTP engine, not exported: the reply reader, command encoding with
 * its checks on encoded bytes, xtext, and the DATA (dot-stuffing) and BDAT output streams.
 */
package dev.mailroom.smtp.internal;
