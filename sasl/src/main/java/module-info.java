/**
 * mailroom SASL: client mechanisms and the choice among them under Postfix's filter and
 * security options, plus strict server-side decoders for test servers. No network code;
 * depends on nothing beyond the JDK ({@code java.security.sasl} only for the adapter to the
 * JDK's own mechanisms).
 */
module dev.mailroom.sasl {
    requires java.security.sasl;

    exports dev.mailroom.sasl;
}
