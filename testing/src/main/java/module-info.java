/**
 * mailroom testing: real peers for tests of code that routes, sends or stores mail.
 */
module dev.mailroom.testing {
    exports dev.mailroom.testing;
}
