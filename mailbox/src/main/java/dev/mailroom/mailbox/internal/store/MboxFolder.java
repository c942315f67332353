package dev.mailroom.mailbox.internal.store;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.DeliveryResult;
import dev.mailroom.mailbox.HeaderFields;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.mailbox.MboxWriter;
import dev.mailroom.mailbox.MessageFlags;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The INBOX of an {@link MboxStore} (or its default folder, which only lists INBOX). Flag
 * changes are kept in memory and written, with expunge, when the folder is closed or
 * expunged, by rewriting the file under its locks ({@link MboxWriter#rewrite}).
 */
final class MboxFolder extends LocalFolder {

    private final MboxStore mstore;
    private boolean dirty;

    MboxFolder(MboxStore store, String fullName) {
        super(store, fullName);
        this.mstore = store;
    }

    @Override
    char getSeparatorChar() {
        return '/';
    }

    private MboxWriter writer() {
        return new MboxWriter(DeliveryOptions.DEFAULTS.withSizeLimits(0, 0));
    }

    @Override
    public boolean exists() {
        return fullName.isEmpty() || fullName.equals("INBOX") && Files.isRegularFile(mstore.file());
    }

    @Override
    public int getType() {
        return fullName.isEmpty() ? HOLDS_FOLDERS : HOLDS_MESSAGES;
    }

    @Override
    protected List<String> allNames() {
        return Files.isRegularFile(mstore.file()) ? List.of("INBOX") : List.of();
    }

    @Override
    public boolean create(int type) throws MessagingException {
        if (!fullName.equals("INBOX")) {
            return false;
        }
        try {
            if (!Files.exists(mstore.file())) {
                Files.createFile(mstore.file());
            }
            return true;
        } catch (IOException e) {
            throw new MessagingException("cannot create " + mstore.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNewMessages() throws MessagingException {
        for (LocalMessage m : load()) {
            if (m.isSet(Flags.Flag.RECENT)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected List<LocalMessage> load() throws MessagingException {
        List<LocalMessage> out = new ArrayList<>();
        try (MboxReader r = MboxReader.open(mstore.file())) {
            for (MboxEntry e : r) {
                Date when = e.from().instant(ZoneId.systemDefault()).map(Date::from).orElse(null);
                out.add(new LocalMessage(this, out.size() + 1, r.readMessage(e), toJakarta(e.flags()), when));
            }
        } catch (IOException e) {
            throw new MessagingException("cannot read " + mstore.file() + ": " + e.getMessage(), e);
        }
        dirty = false;
        return out;
    }

    @Override
    void flagsChanged(LocalMessage m) {
        dirty = true;
    }

    @Override
    public synchronized void close(boolean expunge) throws MessagingException {
        if (isOpen() && mode == READ_WRITE && dirty && !expunge) {
            rewrite(false);
        }
        super.close(expunge);
    }

    @Override
    protected List<LocalMessage> removeDeleted() throws MessagingException {
        return rewrite(true);
    }

    /** Writes the flags (and drops deleted messages when {@code expunge}); returns those dropped. */
    private List<LocalMessage> rewrite(boolean expunge) throws MessagingException {
        List<LocalMessage> snapshot = new ArrayList<>(messages);
        List<Optional<MessageFlags>> decisions = new ArrayList<>();
        List<LocalMessage> gone = new ArrayList<>();
        for (LocalMessage m : snapshot) {
            if (expunge && m.isSet(Flags.Flag.DELETED)) {
                gone.add(m);
                decisions.add(Optional.empty());
            } else {
                decisions.add(Optional.of(fromJakarta(m.getFlags(), false).withRecent(false)));
            }
        }
        try {
            writer().rewrite(mstore.file(), e -> e.number() > decisions.size()
                    ? Optional.of(e.flags()) // delivered after the folder was opened
                    : decisions.get((int) e.number() - 1));
        } catch (IOException e) {
            throw new MessagingException("cannot rewrite " + mstore.file() + ": " + e.getMessage(), e);
        }
        dirty = false;
        return gone;
    }

    @Override
    public synchronized void appendMessages(Message[] msgs) throws MessagingException {
        if (!fullName.equals("INBOX")) {
            throw new jakarta.mail.FolderNotFoundException(this, "an mbox store has only INBOX");
        }
        List<Message> added = new ArrayList<>();
        for (Message m : msgs) {
            byte[] content = bytes(m);
            String sender;
            try {
                sender = HeaderFields.read(new ByteArrayInputStream(content)).returnPath()
                        .map(s -> s.isEmpty() ? "MAILER-DAEMON" : s).orElse("-");
            } catch (IOException e) {
                sender = "-";
            }
            MessageFlags flags = fromJakarta(m.getFlags(), false);
            DeliveryResult r = writer().append(mstore.file(), sender, received(m), content, flags);
            if (!r.delivered()) {
                throw new MessagingException(r.dsn() + " " + r.text());
            }
            if (isOpen()) {
                LocalMessage lm = new LocalMessage(this, messages.size() + 1, content, toJakarta(flags), m.getReceivedDate());
                messages.add(lm);
                added.add(lm);
            }
        }
        if (!added.isEmpty()) {
            notifyMessageAddedListeners(added.toArray(new Message[0]));
        }
    }
}
