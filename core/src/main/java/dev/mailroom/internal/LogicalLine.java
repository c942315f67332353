package dev.mailroom.internal;

/**
 * One logical line of a Postfix text file: the text after continuation lines were joined,
 * and the number (from 1) of the physical line it started on.
 *
 * @param number the 1-based number of the first physical line
 * @param text the joined text, without line terminators
 */
public record LogicalLine(int number, String text) {
}
