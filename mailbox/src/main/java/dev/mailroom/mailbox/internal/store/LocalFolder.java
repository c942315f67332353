package dev.mailroom.mailbox.internal.store;

import dev.mailroom.mailbox.Flag;
import dev.mailroom.mailbox.MessageFlags;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.MethodNotSupportedException;
import jakarta.mail.Store;
import jakarta.mail.event.ConnectionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** What the mbox and Maildir folders share: open/close, numbering, flags mapping, listing. */
abstract class LocalFolder extends Folder {

    protected final String fullName;
    protected final List<LocalMessage> messages = new ArrayList<>();
    private boolean open;

    LocalFolder(Store store, String fullName) {
        super(store);
        this.fullName = fullName;
    }

    /** Loads the folder's messages in order. */
    protected abstract List<LocalMessage> load() throws MessagingException;

    /** Persists the flags of a message. */
    abstract void flagsChanged(LocalMessage m) throws MessagingException;

    /** Removes the deleted messages from storage; returns them. */
    protected abstract List<LocalMessage> removeDeleted() throws MessagingException;

    /** The names of all folders of the store (for {@link #list(String)}). */
    protected abstract List<String> allNames() throws MessagingException;

    @Override
    public String getName() {
        int dot = fullName.lastIndexOf(getSeparatorChar());
        return dot < 0 ? fullName : fullName.substring(dot + 1);
    }

    @Override
    public String getFullName() {
        return fullName;
    }

    abstract char getSeparatorChar();

    @Override
    public char getSeparator() {
        return getSeparatorChar();
    }

    @Override
    public Folder getParent() throws MessagingException {
        if (fullName.isEmpty()) {
            return null;
        }
        int dot = fullName.lastIndexOf(getSeparatorChar());
        return store.getFolder(dot < 0 ? "" : fullName.substring(0, dot));
    }

    @Override
    public Folder[] list(String pattern) throws MessagingException {
        String prefix = fullName.isEmpty() ? "" : fullName + getSeparatorChar();
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                re.append(".*");
            } else if (c == '%') {
                re.append("[^").append(Pattern.quote(String.valueOf(getSeparatorChar()))).append("]*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern p = Pattern.compile(re.toString());
        List<Folder> out = new ArrayList<>();
        for (String name : allNames()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()
                    && p.matcher(name.substring(prefix.length())).matches()) {
                out.add(store.getFolder(name));
            }
        }
        return out.toArray(new Folder[0]);
    }

    @Override
    public Folder getFolder(String name) throws MessagingException {
        return store.getFolder(fullName.isEmpty() ? name : fullName + getSeparatorChar() + name);
    }

    @Override
    public boolean delete(boolean recurse) throws MessagingException {
        throw new MethodNotSupportedException("deleting folders is not supported by the mailroom store");
    }

    @Override
    public boolean renameTo(Folder f) throws MessagingException {
        throw new MethodNotSupportedException("renaming folders is not supported by the mailroom store");
    }

    @Override
    public synchronized void open(int mode) throws MessagingException {
        if (open) {
            throw new IllegalStateException("folder " + fullName + " is already open");
        }
        if (!exists()) {
            throw new FolderNotFoundException(this, "no folder " + fullName);
        }
        if ((getType() & HOLDS_MESSAGES) == 0) {
            throw new MessagingException("folder " + fullName + " cannot hold messages");
        }
        messages.clear();
        messages.addAll(load());
        this.mode = mode;
        open = true;
        notifyConnectionListeners(ConnectionEvent.OPENED);
    }

    @Override
    public synchronized void close(boolean expunge) throws MessagingException {
        checkOpen();
        if (expunge && mode == READ_WRITE) {
            expunge();
        }
        open = false;
        messages.clear();
        notifyConnectionListeners(ConnectionEvent.CLOSED);
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    protected void checkOpen() {
        if (!open) {
            throw new IllegalStateException("folder " + fullName + " is not open");
        }
    }

    @Override
    public Flags getPermanentFlags() {
        Flags f = new Flags();
        f.add(Flags.Flag.ANSWERED);
        f.add(Flags.Flag.DELETED);
        f.add(Flags.Flag.DRAFT);
        f.add(Flags.Flag.FLAGGED);
        f.add(Flags.Flag.SEEN);
        f.add(Flags.Flag.USER);
        return f;
    }

    @Override
    public synchronized int getMessageCount() throws MessagingException {
        if (!open) {
            return exists() && (getType() & HOLDS_MESSAGES) != 0 ? load().size() : -1;
        }
        return messages.size();
    }

    @Override
    public synchronized Message getMessage(int n) throws MessagingException {
        checkOpen();
        if (n < 1 || n > messages.size()) {
            throw new IndexOutOfBoundsException("no message " + n + " in " + fullName + " (it has " + messages.size() + ")");
        }
        return messages.get(n - 1);
    }

    @Override
    public synchronized Message[] expunge() throws MessagingException {
        checkOpen();
        if (mode != READ_WRITE) {
            throw new IllegalStateException("folder " + fullName + " is open read-only");
        }
        List<LocalMessage> gone = removeDeleted();
        messages.removeAll(gone);
        for (int k = 0; k < messages.size(); k++) {
            messages.get(k).number(k + 1);
        }
        for (LocalMessage m : gone) {
            m.expunged();
        }
        Message[] arr = gone.toArray(new Message[0]);
        if (arr.length > 0) {
            notifyMessageRemovedListeners(true, arr);
        }
        return arr;
    }

    /** The message's bytes as Jakarta Mail writes them. */
    static byte[] bytes(Message m) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            m.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot serialize message", e);
        }
        // Jakarta Mail writes CRLF; local mailboxes hold LF line ends, as Postfix writes them
        byte[] b = out.toByteArray();
        ByteArrayOutputStream lf = new ByteArrayOutputStream(b.length);
        for (int k = 0; k < b.length; k++) {
            if (b[k] == '\r' && k + 1 < b.length && b[k + 1] == '\n') {
                continue;
            }
            lf.write(b[k]);
        }
        return lf.toByteArray();
    }

    static Instant received(Message m) throws MessagingException {
        java.util.Date d = m.getReceivedDate();
        return d == null ? Instant.now() : d.toInstant();
    }

    static Flags toJakarta(MessageFlags f) {
        Flags out = new Flags();
        if (f.has(Flag.SEEN)) {
            out.add(Flags.Flag.SEEN);
        }
        if (f.has(Flag.REPLIED)) {
            out.add(Flags.Flag.ANSWERED);
        }
        if (f.has(Flag.FLAGGED)) {
            out.add(Flags.Flag.FLAGGED);
        }
        if (f.has(Flag.TRASHED)) {
            out.add(Flags.Flag.DELETED);
        }
        if (f.has(Flag.DRAFT)) {
            out.add(Flags.Flag.DRAFT);
        }
        if (f.recent()) {
            out.add(Flags.Flag.RECENT);
        }
        for (String k : f.keywords()) {
            out.add(k);
        }
        return out;
    }

    /** Jakarta flags in mailroom terms; {@code passed} is kept (Jakarta Mail has no such flag). */
    static MessageFlags fromJakarta(Flags f, boolean passed) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        if (f.contains(Flags.Flag.SEEN)) {
            set.add(Flag.SEEN);
        }
        if (f.contains(Flags.Flag.ANSWERED)) {
            set.add(Flag.REPLIED);
        }
        if (f.contains(Flags.Flag.FLAGGED)) {
            set.add(Flag.FLAGGED);
        }
        if (f.contains(Flags.Flag.DELETED)) {
            set.add(Flag.TRASHED);
        }
        if (f.contains(Flags.Flag.DRAFT)) {
            set.add(Flag.DRAFT);
        }
        if (passed) {
            set.add(Flag.PASSED);
        }
        TreeSet<String> kw = new TreeSet<>(List.of(f.getUserFlags()));
        return new MessageFlags(set, kw, f.contains(Flags.Flag.RECENT));
    }
}
