package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.PasswordCredentials;
import dev.mailroom.sasl.SaslException;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.RealmChoiceCallback;
import javax.security.sasl.Sasl;

/**
 * Adapter to a {@link javax.security.sasl.SaslClient} from the JDK's providers (GSSAPI,
 * DIGEST-MD5, NTLM, or any registered one). Password mechanisms get the user name and
 * password through the callbacks; the realm, when the server offers some, is the first one
 * unless given.
 */
public final class JdkClient extends AbstractClient {

    private final javax.security.sasl.SaslClient delegate;
    private final PasswordCredentials credentials;

    private JdkClient(String mechanism, javax.security.sasl.SaslClient delegate, PasswordCredentials credentials) {
        super(mechanism);
        this.delegate = delegate;
        this.credentials = credentials;
    }

    /**
     * @param mechanism the mechanism name
     * @param credentials user and password, or null for mechanisms that take none (GSSAPI
     *        with a JAAS subject)
     * @param authzid authorization identity, or null
     * @param protocol the service, e.g. {@code smtp}
     * @param serverName the server's host name (DIGEST-MD5's digest-uri, GSSAPI's principal)
     * @param realm the realm to answer with, or null for the server's first/default
     * @param properties properties for {@link Sasl#createSaslClient}
     * @return the adapter
     * @throws SaslException when the JDK has no such mechanism
     */
    public static JdkClient create(String mechanism, PasswordCredentials credentials, String authzid, String protocol,
            String serverName, String realm, Map<String, ?> properties) throws SaslException {
        javax.security.sasl.SaslClient sc;
        try {
            sc = Sasl.createSaslClient(new String[] {mechanism}, authzid, protocol, serverName, properties,
                    callbacks -> handle(callbacks, credentials, realm));
        } catch (javax.security.sasl.SaslException e) {
            throw new SaslException(SaslException.Reason.NO_MECHANISM, mechanism,
                    "the JDK could not create the mechanism: " + e.getClass().getSimpleName());
        }
        if (sc == null) {
            throw new SaslException(SaslException.Reason.NO_MECHANISM, mechanism,
                    "no javax.security.sasl provider in this JDK implements it");
        }
        return new JdkClient(sc.getMechanismName(), sc, credentials);
    }

    private static void handle(Callback[] callbacks, PasswordCredentials credentials, String realm)
            throws UnsupportedCallbackException {
        for (Callback cb : callbacks) {
            if (cb instanceof NameCallback && credentials != null) {
                ((NameCallback) cb).setName(credentials.username());
            } else if (cb instanceof PasswordCallback && credentials != null) {
                char[] pw = credentials.password();
                ((PasswordCallback) cb).setPassword(pw);
                Bytes.wipe(pw);
            } else if (cb instanceof RealmChoiceCallback) {
                RealmChoiceCallback rc = (RealmChoiceCallback) cb;
                int chosen = 0;
                String[] choices = rc.getChoices();
                for (int i = 0; realm != null && i < choices.length; i++) {
                    if (choices[i].equals(realm)) {
                        chosen = i;
                    }
                }
                rc.setSelectedIndex(chosen);
            } else if (cb instanceof RealmCallback) {
                RealmCallback rc = (RealmCallback) cb;
                String def = rc.getDefaultText();
                rc.setText(realm != null ? realm : def != null ? def : "");
            } else {
                throw new UnsupportedCallbackException(cb, "mailroom supplies user, password and realm only");
            }
        }
    }

    @Override
    public boolean hasInitialResponse() {
        return delegate.hasInitialResponse();
    }

    @Override
    byte[] computeInitial() throws SaslException {
        return evaluate(new byte[0]);
    }

    @Override
    byte[] step(byte[] challenge) throws SaslException {
        if (delegate.isComplete()) {
            throw unexpected(challenge);
        }
        return evaluate(challenge);
    }

    private byte[] evaluate(byte[] challenge) throws SaslException {
        try {
            byte[] out = delegate.evaluateChallenge(challenge);
            return out == null ? new byte[0] : out;
        } catch (javax.security.sasl.SaslException e) {
            // JDK messages describe the protocol step; they carry no password
            throw new SaslException(SaslException.Reason.MALFORMED_CHALLENGE, mechanism(),
                    "rejected by the JDK mechanism: " + e.getMessage());
        }
    }

    @Override
    public boolean isComplete() {
        return delegate.isComplete();
    }

    @Override
    public void success(byte[] additionalData) throws SaslException {
        try {
            if (additionalData.length > 0) {
                evaluate(additionalData);
            }
            if (!delegate.isComplete()) {
                throw error(SaslException.Reason.SERVER_NOT_VERIFIED,
                        "server reported success before the mechanism completed (no server proof)");
            }
        } finally {
            close();
        }
    }

    @Override
    void clearSecrets() {
        if (credentials != null) {
            credentials.clear();
        }
        try {
            delegate.dispose();
        } catch (javax.security.sasl.SaslException e) {
            // nothing to do: disposing only releases state
        }
    }
}
