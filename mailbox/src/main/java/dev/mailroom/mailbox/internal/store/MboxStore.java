package dev.mailroom.mailbox.internal.store;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import java.nio.file.Path;

/**
 * The Jakarta Mail store for {@code mbox:} URLs ({@code mbox:/var/mail/alice} or the session
 * property {@code mail.mbox.file}): one folder, INBOX, the mbox file.
 */
public final class MboxStore extends Store {

    private Path file;

    /**
     * Called by Jakarta Mail's {@code Session}.
     *
     * @param session the session
     * @param url the URL, with the mbox file's path
     */
    public MboxStore(Session session, URLName url) {
        super(session, url);
    }

    @Override
    protected boolean protocolConnect(String host, int port, String user, String password) throws MessagingException {
        file = Paths.root(url, session, "mail.mbox.file", "mbox");
        return true;
    }

    Path file() {
        if (file == null) {
            throw new IllegalStateException("store is not connected");
        }
        return file;
    }

    @Override
    public Folder getDefaultFolder() {
        return new MboxFolder(this, "");
    }

    @Override
    public Folder getFolder(String name) {
        return new MboxFolder(this, name.equalsIgnoreCase("INBOX") ? "INBOX" : name);
    }

    @Override
    public Folder getFolder(URLName url) {
        return getFolder("INBOX");
    }
}
