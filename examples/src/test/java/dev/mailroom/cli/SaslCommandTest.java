package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

final class SaslCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new MailroomCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void seedSettings_overTls_choosePlain() {
        assertEquals(0, run("sasl", "--offer", "LOGIN PLAIN XOAUTH2", "--filter", "plain, login",
                "--security-options", "noanonymous", "--tls", "tls"));
        assertTrue(out.toString().startsWith("PLAIN\n"), out.toString());
        assertTrue(out.toString().contains("smtp_sasl_mechanism_filter allowed LOGIN, PLAIN"), out.toString());
    }

    @Test
    void postfixDefaults_leaveNothing_andExitOne() {
        assertEquals(1, run("sasl", "--offer", "PLAIN LOGIN"));
        assertTrue(out.toString().startsWith("none\n"), out.toString());
        assertTrue(out.toString().contains("PLAIN removed by noplaintext (smtp_sasl_security_options = noplaintext, noanonymous)"),
                out.toString());
    }

    @Test
    void unknownOption_isAUsageError() {
        assertEquals(2, run("sasl", "--offer", "PLAIN", "--security-options", "noplain"));
        assertTrue(err.toString().contains("unknown SASL security option \"noplain\""), err.toString());
    }
}
