package dev.mailroom.mailbox.internal.store;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.nio.file.Path;

/** The local path of a store: from its URL's file part, else from a session property. */
final class Paths {

    private Paths() {
    }

    static Path root(URLName url, Session session, String property, String protocol) throws MessagingException {
        String file = url == null ? null : url.getFile();
        if (file != null && !file.isEmpty()) {
            return Path.of(file.startsWith("/") ? file : "/" + file);
        }
        String p = session.getProperty(property);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        throw new MessagingException("no " + protocol + " path: use a URL such as " + protocol
                + ":/home/alice/mail or set the session property " + property);
    }
}
