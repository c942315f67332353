package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class PostconfCommandTest {

    @TempDir
    Path dir;

    private PostconfRunner.Result postconf(String main, String master, String... args) throws Exception {
        Files.writeString(dir.resolve("main.cf"), main);
        Files.writeString(dir.resolve("master.cf"), master);
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return PostconfRunner.mailroom(all);
    }

    @Test
    void nonDefault_listsSortedWithConfigDirectory_andCollapsesWhitespace() throws Exception {
        PostconfRunner.Result r = postconf("relayhost = [smtp.example.com]:587\nrelay_domains = a,\n   b\tc\n", "", "-n");
        assertEquals("config_directory = " + dir + "\nrelay_domains = a, b c\nrelayhost = [smtp.example.com]:587\n", r.out());
        assertEquals("", r.err());
        assertEquals(0, r.status());
    }

    @Test
    void expand_d1_andUndefinedWarning_d9() throws Exception {
        PostconfRunner.Result r = postconf("mail_name = alpha\nsmtpd_banner = $mail_name ${mail_name}x $(mail_name)y\n"
                + "smtp_helo_name = $nosuchparam end\n", "", "-x", "smtpd_banner", "smtp_helo_name", "nosuch");
        assertEquals("smtpd_banner = alpha alphax alphay\nsmtp_helo_name = end\n", r.out());
        assertEquals("postconf: warning: " + dir + "/main.cf: undefined parameter: nosuchparam\n"
                + "postconf: warning: nosuch: unknown parameter\n", r.err());
    }

    @Test
    void d8_overrideWarning_andD10_fatal() throws Exception {
        PostconfRunner.Result r = postconf("mynetworks = first\nmynetworks = second\n", "", "-h", "mynetworks");
        assertEquals("second\n", r.out());
        assertEquals("postconf: warning: " + dir + "/main.cf, line 2: overriding earlier entry: mynetworks=first\n", r.err());
        PostconfRunner.Result bad = postconf("# c\nthis is bad\n", "", "-n");
        assertEquals(1, bad.status());
        assertEquals("postconf: fatal: " + dir + "/main.cf, line 2: missing '=' after attribute name: \"this is bad\"\n",
                bad.err());
    }

    @Test
    void masterParameters_d11_d12_andEntries_d13() throws Exception {
        String master = "relay unix - - y - - smtp\n  -o syslog_name=postfix/$service_name\n"
                + "submission inet n - y - - smtpd\n  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n";
        assertEquals("relay/unix/syslog_name = postfix/relay\n", postconf("", master, "-Px", "relay/unix/syslog_name").out());
        assertEquals("submission/inet/smtpd_client_restrictions = permit_sasl_authenticated, reject\n",
                postconf("", master, "-P", "submission").out());
        assertEquals("relay      unix  -       -       y       -       -       smtp -o syslog_name=postfix/relay\n"
                + "submission inet  n       -       y       -       -       smtpd -o "
                + "{smtpd_client_restrictions=permit_sasl_authenticated, reject}\n", postconf("", master, "-Mx").out());
        PostconfRunner.Result bad = postconf("", "smtp inet n - y - - smtpd\nbroken unix\n", "-M");
        assertEquals("postconf: fatal: file " + dir + "/master.cf: line 2: bad field count\n", bad.err());
        assertEquals(1, bad.status());
    }

    @Test
    void defaults_d14() throws Exception {
        PostconfRunner.Result r = postconf("relayhost = x\n", "", "-d", "relayhost", "smtp_tcp_port", "lmtp_tcp_port",
                "known_tcp_ports");
        assertEquals("relayhost =\nsmtp_tcp_port = smtp\nlmtp_tcp_port = 24\n"
                + "known_tcp_ports = lmtp=24, smtp=25, smtps=submissions=465, submission=587\n", r.out());
    }

    @Test
    void incompatibleOptions_areFatal() throws Exception {
        assertEquals("postconf: fatal: specify one of -d -n\n", postconf("", "", "-d", "-n").err());
        assertEquals("postconf: fatal: with option -M, do not specify -n\n", postconf("", "", "-M", "-n").err());
    }

    @Test
    void mailroomCommand_listsPostconf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new MailroomCommand());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        assertEquals(0, cl.execute("postconf", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: mailroom postconf"), out::toString);
    }

    @Test
    void demo_printsWhatTheLibraryComputed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new MailroomCommand());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        assertEquals(0, cl.execute("demo", "--work", dir.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("relayhost                    = [smtp.gmail.com]:submission"), text);
        assertTrue(text.contains("in effect (from smtp_use_tls = yes): may"), text);
        assertTrue(text.contains("service smtps/unix (line 17): smtp_tls_wrappermode = yes (main.cf alone: no)"), text);
        assertTrue(text.contains("0 failed"), text);
    }
}
