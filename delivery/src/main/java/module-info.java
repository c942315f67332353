/**
 * mailroom delivery: the in-process pipeline (resolve, route, deliver, queue, bounce).
 * Not yet implemented; see the project's open issues.
 */
module dev.mailroom.delivery {
    requires dev.mailroom.core;
    requires dev.mailroom.smtp;
    requires dev.mailroom.mailbox;
}
