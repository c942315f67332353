package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.PasswordCredentials;
import dev.mailroom.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * LOGIN (draft-murchison-sasl-login): the server prompts {@code Username:} then
 * {@code Password:}; the client answers each. Servers word the prompts differently (or send
 * none): a prompt that mentions "pass" gets the password, one that mentions "user" or "name"
 * the user name, anything else the next answer in order. Optionally the user name goes with
 * the AUTH command as an initial response, which many servers accept.
 */
public final class LoginClient extends AbstractClient {

    private final PasswordCredentials credentials;
    private final boolean initialResponse;
    private boolean userSent;
    private boolean passwordSent;

    /**
     * @param credentials user and password
     * @param initialResponse whether to send the user name with the AUTH command
     */
    public LoginClient(PasswordCredentials credentials, boolean initialResponse) {
        super("LOGIN");
        this.credentials = credentials;
        this.initialResponse = initialResponse;
    }

    @Override
    public boolean hasInitialResponse() {
        return initialResponse;
    }

    @Override
    byte[] computeInitial() {
        userSent = true;
        return Bytes.utf8(credentials.username());
    }

    @Override
    byte[] step(byte[] challenge) throws SaslException {
        if (passwordSent) {
            throw unexpected(challenge);
        }
        String prompt = new String(challenge, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        boolean wantsPassword = prompt.contains("pass");
        boolean wantsUser = !wantsPassword && (prompt.contains("user") || prompt.contains("name"));
        if (wantsUser && userSent) {
            throw error(SaslException.Reason.MALFORMED_CHALLENGE, "server asked for the user name twice");
        }
        if (wantsUser || (!wantsPassword && !userSent)) {
            userSent = true;
            return Bytes.utf8(credentials.username());
        }
        char[] pw = credentials.password();
        try {
            userSent = true;
            passwordSent = true;
            return Bytes.utf8(pw);
        } finally {
            Bytes.wipe(pw);
        }
    }

    @Override
    public boolean isComplete() {
        return passwordSent;
    }

    @Override
    void clearSecrets() {
        credentials.clear();
    }
}
