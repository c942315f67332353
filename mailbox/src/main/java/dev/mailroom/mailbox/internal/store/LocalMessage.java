package dev.mailroom.mailbox.internal.store;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Date;

/** A message of a local folder: parsed from the stored bytes; flag changes go to the folder. */
final class LocalMessage extends MimeMessage {

    private final LocalFolder owner;
    private final Date received;

    LocalMessage(LocalFolder folder, int number, byte[] content, Flags flags, Date received) throws MessagingException {
        super(folder, new ByteArrayInputStream(content), number);
        this.owner = folder;
        this.flags = flags;
        this.received = received;
    }

    @Override
    public Date getReceivedDate() {
        return received == null ? null : new Date(received.getTime());
    }

    @Override
    public synchronized void setFlags(Flags flag, boolean set) throws MessagingException {
        super.setFlags(flag, set);
        owner.flagsChanged(this);
    }

    void number(int n) {
        setMessageNumber(n);
    }

    void expunged() {
        setExpunged(true);
    }
}
