package dev.mailroom.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailroom.testing.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** smtp_tls_servername: what the server sees as SNI, read from its handshake session. */
@Timeout(30)
final class SniTest {

    @ParameterizedTest
    @CsvSource({"'', ''", "hostname, mx.example.test", "nexthop, example.test", "smtp.other.test, smtp.other.test"})
    void servername_sendsTheRequestedSni(String servername, String expected) throws Exception {
        SSLContext server = TestPki.create("sni CA").issue("mx.example.test", "mx.example.test").serverContext();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> sni = CompletableFuture.supplyAsync(() -> serve(listener, server));
            Endpoint ep = new Endpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                    "mx.example.test", "example.test");
            try (SmtpSession s = SmtpSession.open(ep, Peers.fast()
                    .tlsPolicy(TlsPolicy.of(TlsLevel.ENCRYPT).withServername(servername)).build())) {
                assertEquals("TLSv1.3", s.tls().orElseThrow().protocol());
            }
            assertEquals(expected, sni.get(20, TimeUnit.SECONDS));
        }
    }

    private static String serve(ServerSocket listener, SSLContext context) {
        try (Socket plain = listener.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            out.write("220 mx.example.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine();
            out.write("250-mx.example.test\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            in.readLine();
            out.write("220 2.0.0 go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, true)) {
                tls.setUseClientMode(false);
                tls.startHandshake();
                List<SNIServerName> names = ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames();
                BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream tout = tls.getOutputStream();
                tin.readLine();
                tout.write("250 mx.example.test\r\n".getBytes(StandardCharsets.US_ASCII));
                tin.readLine();
                tout.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                tout.flush();
                return names.isEmpty() ? "" : ((SNIHostName) names.get(0)).getAsciiName();
            }
        } catch (IOException e) {
            return "error: " + e;
        }
    }
}
