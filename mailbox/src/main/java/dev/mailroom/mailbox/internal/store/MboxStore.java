package dev.mailroom.mailbox.internal.store;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import java.nio.file.Path;

/**
 * The Jakarta Mail store for {@code mbox:} URLs: INBOX is the mbox file of the URL
 * ({@code mbox:/var/mail/alice}) or of the session property {@code mail.mbox.file}; with the
 * session property {@code mail.mbox.dir} (e.g. {@code /home/alice/mail}), every other folder
 * is an mbox file under that directory and a subdirectory holds folders, separated by
 * {@code /}, as Dovecot's {@code mbox:~/mail:INBOX=/var/mail/%u} and mutt lay them out.
 */
public final class MboxStore extends Store {

    private Path file;
    private Path dir;

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
        String d = session.getProperty("mail.mbox.dir");
        dir = d == null || d.isBlank() ? null : Path.of(d);
        return true;
    }

    Path file() {
        if (file == null) {
            throw new IllegalStateException("store is not connected");
        }
        return file;
    }

    /** @return the directory of the folders other than INBOX, or null when there is none */
    Path folderDirectory() {
        return dir;
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
