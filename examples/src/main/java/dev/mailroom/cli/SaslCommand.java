package dev.mailroom.cli;

import dev.mailroom.sasl.MechanismChoice;
import dev.mailroom.sasl.MechanismChooser;
import dev.mailroom.sasl.MechanismFilter;
import dev.mailroom.sasl.SaslPolicy;
import dev.mailroom.sasl.TlsState;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mailroom sasl}: which SASL mechanism Postfix would use against a server's AUTH offer,
 * under given {@code smtp_sasl_*} settings, and why.
 */
@Command(name = "sasl", mixinStandardHelpOptions = true,
        description = "Show which SASL mechanism Postfix's smtp client would choose for a server's AUTH offer.")
final class SaslCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--offer", required = true, description = "The mechanisms after AUTH in the server's EHLO reply, e.g. \"LOGIN PLAIN\".")
    String offer;

    @Option(names = "--filter", defaultValue = "", description = "smtp_sasl_mechanism_filter (names, !name; no tables here). Default: empty.")
    String filter;

    @Option(names = "--security-options", description = "smtp_sasl_security_options. Default: noplaintext, noanonymous.")
    String securityOptions;

    @Option(names = "--tls-security-options", description = "smtp_sasl_tls_security_options. Default: $smtp_sasl_security_options.")
    String tlsSecurityOptions;

    @Option(names = "--tls-verified-security-options", description = "smtp_sasl_tls_verified_security_options. Default: $smtp_sasl_tls_security_options.")
    String tlsVerifiedSecurityOptions;

    @Option(names = "--tls", defaultValue = "none", description = "The connection: none, tls or verified (default: ${DEFAULT-VALUE}).")
    String tls;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TlsState state;
        switch (tls.toLowerCase(Locale.ROOT)) {
            case "none":
                state = TlsState.NONE;
                break;
            case "tls":
                state = TlsState.TLS;
                break;
            case "verified":
                state = TlsState.TLS_VERIFIED;
                break;
            default:
                throw new ParameterException(spec.commandLine(), "--tls must be none, tls or verified: " + tls);
        }
        SaslPolicy policy;
        try {
            policy = SaslPolicy.fromParameters(MechanismFilter.parse(filter, null), securityOptions, tlsSecurityOptions,
                    tlsVerifiedSecurityOptions);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        MechanismChoice choice = MechanismChooser.of(policy).choose(MechanismChooser.parseOffer(offer), state);
        out.println(choice.selected().orElse("none"));
        out.println(choice.explain());
        out.flush();
        return choice.selected().isPresent() ? 0 : 1;
    }
}
