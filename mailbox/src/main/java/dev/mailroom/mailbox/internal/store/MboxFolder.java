package dev.mailroom.mailbox.internal.store;

import dev.mailroom.mailbox.DeliveryOptions;
import dev.mailroom.mailbox.DeliveryResult;
import dev.mailroom.mailbox.HeaderFields;
import dev.mailroom.mailbox.MboxEntry;
import dev.mailroom.mailbox.MboxReader;
import dev.mailroom.mailbox.MboxWriter;
import dev.mailroom.mailbox.MessageFlags;
import jakarta.mail.Flags;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of an {@link MboxStore}: its default folder, INBOX, or an mbox file (or a
 * directory of them) under the store's folder directory. Flag
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

    /**
     * The file (or, for a folder of folders, the directory) of this folder: INBOX is the
     * store's mbox file, other names are paths under {@code mail.mbox.dir}.
     *
     * @throws MessagingException when the store has no folder directory, or the name could
     *     leave it ({@code ..}, empty or hidden segments)
     */
    private Path path() throws MessagingException {
        if (fullName.equals("INBOX")) {
            return mstore.file();
        }
        Path dir = mstore.folderDirectory();
        if (dir == null) {
            throw new FolderNotFoundException(this, "an mbox store without mail.mbox.dir has only INBOX");
        }
        if (fullName.isEmpty()) {
            return dir;
        }
        for (String segment : fullName.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                throw new MessagingException("bad mbox folder name \"" + fullName
                        + "\": names are separated by '/', and no part may be empty or start with '.'");
            }
        }
        return dir.resolve(fullName);
    }

    @Override
    public boolean exists() {
        if (fullName.isEmpty()) {
            return true;
        }
        try {
            Path p = path();
            return fullName.equals("INBOX") ? Files.isRegularFile(p) : Files.exists(p);
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public int getType() throws MessagingException {
        if (fullName.isEmpty()) {
            return HOLDS_FOLDERS;
        }
        return !fullName.equals("INBOX") && Files.isDirectory(path()) ? HOLDS_FOLDERS : HOLDS_MESSAGES;
    }

    /**
     * INBOX (when its file exists) and every file and directory under the folder directory,
     * by path with {@code /}; hidden names (Dovecot's {@code .imap}, {@code .subscriptions}),
     * dotlock files and a top-level {@code INBOX} file are not folders.
     */
    @Override
    protected List<String> allNames() throws MessagingException {
        List<String> out = new ArrayList<>();
        if (Files.isRegularFile(mstore.file())) {
            out.add("INBOX");
        }
        Path dir = mstore.folderDirectory();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !p.equals(dir)).forEach(p -> {
                Path rel = dir.relativize(p);
                for (Path segment : rel) {
                    if (segment.toString().startsWith(".")) {
                        return;
                    }
                }
                String name = rel.toString().replace(p.getFileSystem().getSeparator(), "/");
                if (!name.endsWith(".lock") && !name.equalsIgnoreCase("INBOX")) {
                    found.add(name);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new MessagingException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        java.util.Collections.sort(found);
        out.addAll(found);
        return out;
    }

    @Override
    public boolean create(int type) throws MessagingException {
        if (fullName.isEmpty()) {
            return false;
        }
        Path p = path();
        try {
            if (fullName.equals("INBOX")) {
                if (!Files.exists(p)) {
                    Files.createFile(p);
                }
                return true;
            }
            if (Files.exists(p)) {
                return false;
            }
            if ((type & HOLDS_MESSAGES) != 0) {
                Files.createDirectories(p.getParent());
                Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createDirectories(p);
            }
            return true;
        } catch (IOException e) {
            throw new MessagingException("cannot create " + p + ": " + e.getMessage(), e);
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
        Path file = path();
        try (MboxReader r = MboxReader.open(file)) {
            for (MboxEntry e : r) {
                Date when = e.from().instant(ZoneId.systemDefault()).map(Date::from).orElse(null);
                out.add(new LocalMessage(this, out.size() + 1, r.readMessage(e), toJakarta(e.flags()), when));
            }
        } catch (IOException e) {
            throw new MessagingException("cannot read " + file + ": " + e.getMessage(), e);
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
        Path file = path();
        try {
            writer().rewrite(file, e -> e.number() > decisions.size()
                    ? Optional.of(e.flags()) // delivered after the folder was opened
                    : decisions.get((int) e.number() - 1));
        } catch (IOException e) {
            throw new MessagingException("cannot rewrite " + file + ": " + e.getMessage(), e);
        }
        dirty = false;
        return gone;
    }

    @Override
    public synchronized void appendMessages(Message[] msgs) throws MessagingException {
        if (fullName.isEmpty() || !fullName.equals("INBOX") && (!exists() || getType() != HOLDS_MESSAGES)) {
            throw new FolderNotFoundException(this, "no mbox folder " + fullName);
        }
        Path file = path();
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
            DeliveryResult r = writer().append(file, sender, received(m), content, flags);
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
