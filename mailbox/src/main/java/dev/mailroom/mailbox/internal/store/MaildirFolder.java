package dev.mailroom.mailbox.internal.store;

import dev.mailroom.mailbox.Flag;
import dev.mailroom.mailbox.Maildir;
import dev.mailroom.mailbox.MaildirMessage;
import dev.mailroom.mailbox.MessageFlags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** A folder of a {@link MaildirStore}: {@code ""} (the root), INBOX, or a Maildir++ subfolder. */
final class MaildirFolder extends LocalFolder {

    private final MaildirStore mstore;
    private final Map<LocalMessage, MaildirMessage> files = new IdentityHashMap<>();

    MaildirFolder(MaildirStore store, String fullName) {
        super(store, fullName);
        this.mstore = store;
    }

    @Override
    char getSeparatorChar() {
        return '.';
    }

    private Path dir() {
        return fullName.equals("INBOX") ? mstore.root() : mstore.root().resolve("." + fullName);
    }

    private Maildir maildir() throws MessagingException {
        try {
            return Maildir.open(dir());
        } catch (IOException e) {
            throw new MessagingException(e.getMessage(), e);
        }
    }

    @Override
    public boolean exists() {
        return fullName.isEmpty() || Maildir.isMaildir(dir());
    }

    @Override
    public int getType() {
        return fullName.isEmpty() ? HOLDS_FOLDERS : HOLDS_MESSAGES | HOLDS_FOLDERS;
    }

    @Override
    protected List<String> allNames() throws MessagingException {
        List<String> out = new ArrayList<>();
        if (Maildir.isMaildir(mstore.root())) {
            out.add("INBOX");
            try {
                out.addAll(Maildir.open(mstore.root()).folders());
            } catch (IOException e) {
                throw new MessagingException(e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public boolean create(int type) throws MessagingException {
        if (fullName.isEmpty()) {
            return false;
        }
        try {
            Maildir root = Maildir.create(mstore.root());
            if (!fullName.equals("INBOX")) {
                root.createFolder(fullName);
            }
            return true;
        } catch (IOException | IllegalArgumentException e) {
            throw new MessagingException("cannot create folder " + fullName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNewMessages() throws MessagingException {
        try (var s = Files.list(dir().resolve("new"))) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    protected List<LocalMessage> load() throws MessagingException {
        files.clear();
        Maildir md = maildir();
        List<LocalMessage> out = new ArrayList<>();
        try {
            for (MaildirMessage m : md.list()) {
                byte[] content;
                Date received;
                try {
                    content = md.read(m);
                    received = Date.from(m.modified());
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                LocalMessage lm = new LocalMessage(this, out.size() + 1, content, toJakarta(m.flags()), received);
                files.put(lm, m);
                out.add(lm);
            }
        } catch (IOException e) {
            throw new MessagingException(e.getMessage(), e);
        }
        return out;
    }

    @Override
    void flagsChanged(LocalMessage m) throws MessagingException {
        MaildirMessage old = files.get(m);
        if (old == null) {
            return;
        }
        MessageFlags nf = fromJakarta(m.getFlags(), old.flags().has(Flag.PASSED)).withRecent(false);
        try {
            files.put(m, maildir().setFlags(old, nf));
        } catch (IOException e) {
            throw new MessagingException("cannot change the flags of " + old.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected List<LocalMessage> removeDeleted() throws MessagingException {
        List<LocalMessage> gone = new ArrayList<>();
        Maildir md = maildir();
        for (LocalMessage m : messages) {
            if (m.isSet(jakarta.mail.Flags.Flag.DELETED)) {
                try {
                    md.delete(files.remove(m));
                } catch (IOException e) {
                    throw new MessagingException("cannot expunge: " + e.getMessage(), e);
                }
                gone.add(m);
            }
        }
        return gone;
    }

    @Override
    public synchronized void appendMessages(Message[] msgs) throws MessagingException {
        if (!exists()) {
            throw new jakarta.mail.FolderNotFoundException(this, "no folder " + fullName);
        }
        Maildir md = maildir();
        List<Message> added = new ArrayList<>();
        for (Message m : msgs) {
            try {
                byte[] content = bytes(m);
                MaildirMessage written = md.add(content, fromJakarta(m.getFlags(), false), received(m),
                        dev.mailroom.mailbox.DeliveryOptions.DEFAULTS.withSizeLimits(0, 0));
                if (isOpen()) {
                    LocalMessage lm = new LocalMessage(this, messages.size() + 1, content, toJakarta(written.flags()),
                            Date.from(written.modified()));
                    files.put(lm, written);
                    messages.add(lm);
                    added.add(lm);
                }
            } catch (IOException e) {
                throw new MessagingException("cannot append to " + fullName + ": " + e.getMessage(), e);
            }
        }
        if (!added.isEmpty()) {
            notifyMessageAddedListeners(added.toArray(new Message[0]));
        }
    }

    @Override
    public Folder getFolder(String name) throws MessagingException {
        if (fullName.equals("INBOX") || fullName.isEmpty()) {
            return store.getFolder(name);
        }
        return super.getFolder(name);
    }
}
