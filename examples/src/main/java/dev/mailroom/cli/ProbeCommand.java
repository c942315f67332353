package dev.mailroom.cli;

import dev.mailroom.smtp.Authentication;
import dev.mailroom.smtp.Capabilities;
import dev.mailroom.smtp.Endpoint;
import dev.mailroom.smtp.Protocol;
import dev.mailroom.smtp.SmtpOptions;
import dev.mailroom.smtp.SmtpSession;
import dev.mailroom.smtp.SmtpSessionException;
import dev.mailroom.smtp.SmtpTimeouts;
import dev.mailroom.smtp.TlsFiles;
import dev.mailroom.smtp.TlsInfo;
import dev.mailroom.smtp.TlsLevel;
import dev.mailroom.smtp.TlsPolicy;
import java.io.Console;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mailroom probe}: what a server offers and whether the TLS level and authentication a
 * client would ask for succeed — the banner, capabilities before and after TLS, the TLS
 * protocol, cipher, certificate chain and verification, the AUTH mechanisms and the result of
 * authenticating.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Connect to an SMTP/LMTP server and report banner, capabilities, TLS, certificates and AUTH.")
final class ProbeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Mode {
        @Option(names = "--starttls", description = "Require STARTTLS (level encrypt unless --tls-level is given).")
        boolean starttls;

        @Option(names = "--smtps", description = "TLS from the first byte (SMTPS, default port 465).")
        boolean smtps;

        @Option(names = "--lmtp", description = "Speak LMTP (LHLO; default port 24).")
        boolean lmtp;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode = new Mode();

    @Option(names = "--tls-level", description = "none, may, encrypt, fingerprint, verify or secure.")
    String tlsLevel;

    @Option(names = "--cafile", description = "PEM bundle of trusted CAs (smtp_tls_CAfile).")
    Path caFile;

    @Option(names = "--auth", description = "Authenticate as USER; the password comes from MAILROOM_PASSWORD or a prompt.")
    String user;

    @Option(names = "--resolve", description = "NAME:ADDRESS: connect to ADDRESS but check the certificate against NAME.")
    String resolve;

    @Option(names = "--helo", defaultValue = "mailroom-probe.invalid", description = "The EHLO/LHLO name (default: ${DEFAULT-VALUE}).")
    String helo;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds for each stage (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The server: host, host:port, [address]:port.")
    String target;

    /** Where the password comes from; tests replace it. */
    Supplier<char[]> password = ProbeCommand::passwordFromEnvironmentOrPrompt;

    private static char[] passwordFromEnvironmentOrPrompt() {
        String env = System.getenv("MAILROOM_PASSWORD");
        if (env != null) {
            return env.toCharArray();
        }
        Console c = System.console();
        return c == null ? null : c.readPassword("Password: ");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Protocol protocol = mode.lmtp ? Protocol.LMTP : Protocol.SMTP;
        TlsLevel level;
        try {
            level = tlsLevel != null ? TlsLevel.parse(tlsLevel)
                    : mode.starttls || mode.smtps ? TlsLevel.ENCRYPT : TlsLevel.MAY;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (mode.smtps && !level.requiresTls()) {
            throw new ParameterException(spec.commandLine(), "--smtps needs --tls-level encrypt or stronger");
        }
        String host;
        int port = mode.smtps ? 465 : mode.lmtp ? 24 : 25;
        String t = target;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new ParameterException(spec.commandLine(), "missing ']' in " + target);
            }
            host = t.substring(1, close);
            t = t.substring(close + 1);
            if (t.startsWith(":")) {
                port = port(t.substring(1));
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon > 0 && t.indexOf(':') == colon) {
                host = t.substring(0, colon);
                port = port(t.substring(colon + 1));
            } else {
                host = t;
            }
        }
        InetAddress address;
        String name = host;
        try {
            if (resolve != null) {
                int colon = resolve.indexOf(':');
                if (colon <= 0) {
                    throw new ParameterException(spec.commandLine(), "--resolve needs NAME:ADDRESS: " + resolve);
                }
                name = resolve.substring(0, colon);
                String a = resolve.substring(colon + 1);
                address = InetAddress.getByName(a.startsWith("[") ? a.substring(1, a.length() - 1) : a);
                if (!name.equalsIgnoreCase(host)) {
                    out.println("note: --resolve names " + name + ", connecting to " + host + " as " + name);
                }
            } else {
                address = InetAddress.getByName(host);
            }
        } catch (UnknownHostException e) {
            out.println("error: cannot resolve " + host + ": " + e.getMessage());
            out.flush();
            return 1;
        }
        Endpoint endpoint = new Endpoint(new InetSocketAddress(address, port), name, name);
        SmtpOptions.Builder b = (protocol == Protocol.LMTP ? SmtpOptions.lmtp() : SmtpOptions.builder())
                .heloName(helo).timeouts(SmtpTimeouts.all(Duration.ofSeconds(timeout)))
                .tlsPolicy(TlsPolicy.of(level).withServername("hostname")).wrapperMode(mode.smtps);
        if (caFile != null) {
            b.tlsFiles(TlsFiles.DEFAULTS.withCaFile(caFile));
        }
        if (user != null) {
            char[] pw = password.get();
            if (pw == null) {
                out.println("error: --auth needs a password (MAILROOM_PASSWORD or a terminal to prompt on)");
                out.flush();
                return 1;
            }
            b.authentication(Authentication.password(user, pw));
            Arrays.fill(pw, '\0');
        }
        SmtpOptions options = b.build();
        out.println("connecting to " + endpoint.describe() + " (" + protocol + (mode.smtps ? ", SMTPS" : "")
                + ", TLS level " + level + ")");
        boolean ok;
        try (SmtpSession s = SmtpSession.open(endpoint, options)) {
            report(out, s);
            ok = true;
            if (user != null) {
                if (s.authenticatedWith().isPresent()) {
                    out.println("authentication: succeeded as " + user + " with " + s.authenticatedWith().get());
                } else {
                    out.println("authentication: not attempted (no AUTH offered, or no acceptable mechanism)");
                    ok = false;
                }
            }
        } catch (SmtpSessionException e) {
            out.println("FAILED (" + e.stage().name().toLowerCase(java.util.Locale.ROOT) + ", " + e.status() + "): "
                    + e.getMessage());
            if (e.stage() == SmtpSessionException.Stage.TLS && level.mustMatch()) {
                // show what the server presented, without the checks
                try (SmtpSession s = SmtpSession.open(endpoint, options.toBuilder().noAuthentication()
                        .tlsPolicy(TlsPolicy.of(TlsLevel.ENCRYPT)).build())) {
                    s.tls().ifPresent(i -> tls(out, i));
                } catch (SmtpSessionException again) {
                    out.println("(could not complete a handshake without checks either: " + again.getMessage() + ")");
                }
            }
            ok = false;
        }
        out.println("result: " + (ok ? "OK" : "FAILED"));
        out.flush();
        return ok ? 0 : 1;
    }

    private int port(String s) {
        Integer known = Map.of("smtp", 25, "submission", 587, "smtps", 465, "submissions", 465, "lmtp", 24).get(s);
        if (known != null) {
            return known;
        }
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "bad port: " + s);
        }
    }

    private static void report(PrintWriter out, SmtpSession s) {
        out.println("banner: " + s.greeting().toString().replace("\n", "\n        "));
        s.capabilitiesBeforeTls().ifPresentOrElse(before -> {
            capabilities(out, "capabilities before TLS", before);
            tls(out, s.tls().orElseThrow());
            capabilities(out, "capabilities after TLS", s.capabilities());
        }, () -> {
            s.tls().ifPresent(i -> tls(out, i));
            capabilities(out, "capabilities", s.capabilities());
        });
        List<String> auth = List.copyOf(s.capabilities().authMechanisms());
        out.println("AUTH mechanisms: " + (auth.isEmpty() ? "(none offered)" : String.join(" ", auth)));
        if (s.tls().isEmpty() && s.capabilities().startTls()) {
            out.println("note: the server offers STARTTLS (not used at TLS level " + s.tlsLevel() + ")");
        }
    }

    private static void capabilities(PrintWriter out, String title, Capabilities c) {
        out.println(title + ":");
        for (Map.Entry<String, List<String>> e : c.keywords().entrySet()) {
            out.println("  " + e.getKey() + (e.getValue().isEmpty() ? "" : " " + String.join(" ", e.getValue())));
        }
    }

    private static void tls(PrintWriter out, TlsInfo i) {
        out.println("TLS: " + i.protocol() + " " + i.cipherSuite());
        out.println("certificate chain:");
        int n = 0;
        for (X509Certificate c : i.peerCertificates()) {
            out.println("  " + n++ + " subject: " + c.getSubjectX500Principal().getName());
            out.println("    issuer: " + c.getIssuerX500Principal().getName() + ", valid until " + c.getNotAfter()
                    .toInstant());
        }
        out.println("  fingerprint (sha256): " + i.fingerprint());
        out.println("  names: " + i.certificateNames());
        out.println("verification: chain " + (i.trusted() ? "trusted" : "NOT trusted (" + i.trustProblem() + ")")
                + ", name " + (i.nameMatched() ? "matches" : "does NOT match") + " -> "
                + (i.verified() ? "verified" : "not verified"));
    }
}
