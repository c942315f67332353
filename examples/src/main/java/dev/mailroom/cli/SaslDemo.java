package dev.mailroom.cli;

import dev.mailroom.sasl.MechanismChoice;
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
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SASL section of the demo: Postfix's mechanism choice for the seed guide's smarthost
 * settings against a Gmail-like EHLO, then full PLAIN and SCRAM-SHA-256 exchanges between
 * mailroom's client mechanisms and its server-side verifiers, with secrets masked.
 */
final class SaslDemo implements DemoSection {

    @Override
    public String title() {
        return "SASL: mechanism choice under Postfix's rules, and client/server exchanges";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintWriter out = ctx.out();
        Path mainCf = ctx.file("sasl/main.cf");
        Map<String, String> params = readParameters(mainCf);
        out.printf("settings from %s:%n", mainCf);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().startsWith("smtp_sasl_") && !e.getKey().equals("smtp_sasl_password_maps")) {
                out.printf("  %s = %s%n", e.getKey(), e.getValue());
            }
        }
        List<String> offer = readOffer(ctx.file("sasl/ehlo-gmail.txt"));
        out.printf("server offers (sasl/ehlo-gmail.txt): %s%n", String.join(" ", offer));

        SaslPolicy seed = SaslPolicy.fromParameters(
                MechanismFilter.parse(params.getOrDefault("smtp_sasl_mechanism_filter", ""), null),
                params.get("smtp_sasl_security_options"), params.get("smtp_sasl_tls_security_options"),
                params.get("smtp_sasl_tls_verified_security_options"));
        out.println("with these settings:");
        for (TlsState tls : TlsState.values()) {
            MechanismChoice c = MechanismChooser.of(seed).choose(offer, tls);
            out.printf("  %-12s -> %s%n", tls, c.selected().orElse("(none)"));
        }
        out.println("with Postfix 3.7's defaults (no filter; noplaintext, noanonymous for every TLS state):");
        for (TlsState tls : List.of(TlsState.NONE, TlsState.TLS)) {
            MechanismChoice c = MechanismChooser.of(SaslPolicy.POSTFIX_DEFAULTS).choose(offer, tls);
            out.printf("  %-12s -> %s%n", tls, c.selected().orElse("(none)"));
            out.printf("    %s%n", c.explain());
        }

        Path passwd = ctx.file("sasl/sasl_passwd");
        String nexthop = "[smtp.gmail.com]:submission";
        String value = lookup(passwd, nexthop).orElseThrow(() -> new IOException(nexthop + " missing from " + passwd));
        PasswordCredentials creds = PasswordCredentials.parseSaslPasswd(value);
        out.printf("sasl_passwd entry for %s: %s%n", nexthop, creds);

        String mechanism = MechanismChooser.of(seed).choose(offer, TlsState.TLS).orElseThrow();
        out.printf("%nexchange 1: %s, client <-> mailroom's PlainResponse decoder%n", mechanism);
        char[] expected = creds.password();
        SaslExchange plain = SaslExchange.of(SaslMechanisms.forPassword(mechanism, creds, "smtp.gmail.com"));
        String command = plain.authCommand();
        out.printf("  C: AUTH PLAIN %s  (decoded: \\0%s\\0***)%n", mask(command.substring("AUTH PLAIN ".length())),
                creds.username());
        try (PlainResponse decoded = PlainResponse.decode(command.substring("AUTH PLAIN ".length()))) {
            boolean ok = decoded.passwordMatches(expected);
            java.util.Arrays.fill(expected, '\0');
            out.printf("  S: %s  (server decoded authcid=%s, password %s)%n",
                    ok ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication failed",
                    decoded.authenticationId(), ok ? "matches" : "does not match");
            plain.succeeded("");
        }
        out.printf("  credentials after the exchange: %s%n", creds);

        out.printf("%nexchange 2: SCRAM-SHA-256, client <-> mailroom's ScramServer (stored keys, not the password)%n");
        PasswordCredentials scramCreds = PasswordCredentials.parseSaslPasswd(value);
        char[] pw = scramCreds.password();
        ScramCredential stored = ScramCredential.derive(ScramAlgorithm.SHA_256, pw, "demo-salt-16byte".getBytes(StandardCharsets.US_ASCII), 4096);
        java.util.Arrays.fill(pw, '\0');
        out.printf("  server stores %s%n", stored);
        ScramServer server = ScramServer.create(ScramAlgorithm.SHA_256,
                u -> u.equals(scramCreds.username()) ? Optional.of(stored) : Optional.empty(), new SecureRandom());
        SaslExchange scram = SaslExchange.of(SaslMechanisms.scramSha256(scramCreds));
        String first = scram.initialResponse().orElseThrow();
        out.printf("  C: AUTH SCRAM-SHA-256 %s%n       (%s)%n", first, decode(first));
        String serverFirst = SaslExchange.encode(server.serverFirst(SaslExchange.decode(first, null)));
        out.printf("  S: 334 %s%n       (%s)%n", serverFirst, decode(serverFirst));
        String clientFinal = scram.respond(serverFirst);
        out.printf("  C: %s  (%s)%n", mask(clientFinal), decode(clientFinal).replaceAll(",p=.*", ",p=***"));
        String serverFinal = SaslExchange.encode(server.serverFinal(SaslExchange.decode(clientFinal, null)));
        out.printf("  S: 334 %s%n       (%s: the server proves it knows the password)%n", serverFinal, decode(serverFinal));
        String last = scram.respond(serverFinal);
        out.printf("  C: %s (empty: server signature verified by the client)%n", last.isEmpty() ? "\"\"" : last);
        out.printf("  S: 235 2.7.0 Authentication successful (server authenticated %s)%n",
                server.authenticatedUser().orElse("nobody"));
        scram.succeeded("");
        out.printf("  credentials after the exchange: %s%n", scramCreds);

        out.printf("%na forged server signature:%n");
        SaslExchange forged = SaslExchange.of(SaslMechanisms.scramSha256(PasswordCredentials.parseSaslPasswd(value)));
        ScramServer honest = ScramServer.create(ScramAlgorithm.SHA_256, u -> Optional.of(stored), new SecureRandom());
        forged.respond(SaslExchange.encode(honest.serverFirst(SaslExchange.decode(forged.initialResponse().orElseThrow(), null))));
        try {
            forged.respond(SaslExchange.encode("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".getBytes(StandardCharsets.US_ASCII)));
            out.println("  accepted (this must not happen)");
        } catch (SaslException e) {
            out.printf("  refused: %s (reason %s)%n", e.getMessage(), e.reason());
        }
    }

    private static String mask(String base64) {
        return base64.length() <= 8 ? "***" : base64.substring(0, 8) + "***";
    }

    private static String decode(String base64) throws SaslException {
        return new String(SaslExchange.decode(base64, null), StandardCharsets.UTF_8);
    }

    /** A minimal {@code name = value} reader for the demo's main.cf (no continuation lines, no $expansion). */
    private static Map<String, String> readParameters(Path file) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
                params.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        }
        return params;
    }

    /** The mechanisms of every AUTH / AUTH= line of an EHLO reply, combined. */
    private static List<String> readOffer(Path ehlo) throws IOException {
        List<String> offer = new ArrayList<>();
        for (String line : Files.readAllLines(ehlo, StandardCharsets.US_ASCII)) {
            if (line.length() < 4) {
                continue;
            }
            String kw = line.substring(4);
            String upper = kw.toUpperCase(Locale.ROOT);
            if (upper.startsWith("AUTH ") || upper.startsWith("AUTH=")) {
                offer.addAll(MechanismChooser.parseOffer(kw.substring(5)));
            }
        }
        return offer;
    }

    private static Optional<String> lookup(Path passwd, String key) throws IOException {
        for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] kv = l.split("\\s+", 2);
            if (kv.length == 2 && kv[0].equals(key)) {
                return Optional.of(kv[1].strip());
            }
        }
        return Optional.empty();
    }
}
