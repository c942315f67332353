/**
 * mailroom SASL: client mechanisms and the choice among them under Postfix's filter and
 * security options. No network code; depends on nothing beyond the JDK.
 */
module dev.mailroom.sasl {
}
