package dev.mailroom.sasl.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.sasl.LoginServer;
import dev.mailroom.sasl.MechanismChooser;
import dev.mailroom.sasl.MechanismFilter;
import dev.mailroom.sasl.PasswordCredentials;
import dev.mailroom.sasl.PlainResponse;
import dev.mailroom.sasl.SaslException;
import dev.mailroom.sasl.SaslExchange;
import dev.mailroom.sasl.SaslMechanisms;
import dev.mailroom.sasl.SaslPolicy;
import dev.mailroom.sasl.ScramAlgorithm;
import dev.mailroom.sasl.ScramCredential;
import dev.mailroom.sasl.ScramServer;
import dev.mailroom.sasl.TlsState;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Client and server-side decoders talking base64 lines, through the exported API only. */
final class RoundTripTest {

    private static final String USER = "usuario";
    private static final String PASSWORD = "pass:w\u00f6rd \u00e9t\u00e9";

    private static PasswordCredentials creds() {
        return PasswordCredentials.parseSaslPasswd(USER + ":" + PASSWORD);
    }

    @Test
    void plain_clientToDecoder() throws SaslException {
        SaslExchange client = SaslExchange.of(SaslMechanisms.plain(creds()));
        try (PlainResponse r = PlainResponse.decode(client.initialResponse().orElseThrow())) {
            assertEquals(USER, r.authenticationId());
            assertEquals(Optional.empty(), r.authorizationIdIfAny());
            assertArrayEquals(PASSWORD.toCharArray(), r.password());
        }
        client.succeeded("");
    }

    @Test
    void login_clientToServer() throws SaslException {
        SaslExchange client = SaslExchange.of(SaslMechanisms.login(creds()));
        LoginServer server = new LoginServer();
        Optional<String> challenge = Optional.of(server.challenge());
        while (challenge.isPresent()) {
            challenge = server.respond(client.respond(challenge.get()));
        }
        assertEquals(Optional.of(USER), server.username());
        assertArrayEquals(PASSWORD.toCharArray(), server.password());
        client.succeeded("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA_1", "SHA_224", "SHA_256", "SHA_384", "SHA_512"})
    void scram_clientToServer_bothWaysVerified(String name) throws SaslException {
        ScramAlgorithm alg = ScramAlgorithm.valueOf(name);
        ScramCredential stored = ScramCredential.derive(alg, PASSWORD.toCharArray(), "salt-0123456789".getBytes(), 4096);
        ScramServer server = ScramServer.create(alg, u -> u.equals(USER) ? Optional.of(stored) : Optional.empty(),
                new SecureRandom());
        SaslExchange client = SaslExchange.of(SaslMechanisms.forPassword(alg.mechanism(), creds(), "h"));
        String first = client.initialResponse().orElseThrow();
        String fin = client.respond(SaslExchange.encode(server.serverFirst(SaslExchange.decode(first, null))));
        String serverFinal = SaslExchange.encode(server.serverFinal(SaslExchange.decode(fin, null)));
        assertEquals("", client.respond(serverFinal));
        assertTrue(client.client().isComplete());
        client.succeeded("");
        assertEquals(Optional.of(USER), server.authenticatedUser());
    }

    @Test
    void scram_saslPrepMakesEquivalentPasswordsMatch() throws SaslException {
        // U+2168 ROMAN NUMERAL NINE prepares to "IX"
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_256, "IX".toCharArray(), new byte[] {1, 2}, 4096);
        ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256, u -> Optional.of(stored), new SecureRandom());
        SaslExchange client = SaslExchange.of(SaslMechanisms.scramSha256(PasswordCredentials.of("u", "\u2168".toCharArray())));
        String fin = client.respond(SaslExchange.encode(server.serverFirst(
                SaslExchange.decode(client.initialResponse().orElseThrow(), null))));
        client.succeeded(SaslExchange.encode(server.serverFinal(SaslExchange.decode(fin, null))));
    }

    @Test
    void chosenMechanism_drivesTheMatchingClient() throws SaslException {
        SaslPolicy policy = SaslPolicy.fromParameters(MechanismFilter.parse("plain, login", null), "noanonymous", null, null);
        String mech = MechanismChooser.of(policy).choose(List.of("LOGIN", "PLAIN"), TlsState.TLS).orElseThrow();
        SaslExchange ex = SaslExchange.of(SaslMechanisms.forPassword(mech, creds(), "smtp.example.com"));
        assertEquals("PLAIN", ex.mechanism());
        assertTrue(ex.authCommand().startsWith("AUTH PLAIN "));
    }
}
