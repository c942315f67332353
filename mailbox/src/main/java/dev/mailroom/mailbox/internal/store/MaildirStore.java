package dev.mailroom.mailbox.internal.store;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import java.nio.file.Path;

/**
 * The Jakarta Mail store for {@code maildir:} URLs ({@code maildir:/home/alice/Maildir} or
 * the session property {@code mail.maildir.root}): INBOX is the Maildir, other folders are
 * its Maildir++ subfolders, separated by {@code .}.
 */
public final class MaildirStore extends Store {

    private Path root;

    /**
     * Called by Jakarta Mail's {@code Session}.
     *
     * @param session the session
     * @param url the URL, with the Maildir's path
     */
    public MaildirStore(Session session, URLName url) {
        super(session, url);
    }

    @Override
    protected boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        root = Paths.root(url, session, "mail.maildir.root", "maildir");
        return true;
    }

    Path root() {
        if (root == null) {
            throw new IllegalStateException("store is not connected");
        }
        return root;
    }

    @Override
    public Folder getDefaultFolder() throws MessagingException {
        checkConnected();
        return new MaildirFolder(this, "");
    }

    @Override
    public Folder getFolder(String name) throws MessagingException {
        checkConnected();
        return new MaildirFolder(this, name.equalsIgnoreCase("INBOX") ? "INBOX" : name);
    }

    @Override
    public Folder getFolder(URLName url) throws MessagingException {
        return getFolder(url.getFile() == null ? "INBOX" : url.getFile());
    }

    private void checkConnected() {
        if (!isConnected()) {
            throw new IllegalStateException("store is not connected");
        }
    }
}
