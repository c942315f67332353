/**
 * mailroom testing: real peers for tests of code that routes, sends or stores mail.
 */
module dev.mailroom.testing {
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    exports dev.mailroom.testing;
}
