package dev.mailroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestPkiTest {

    @TempDir
    Path dir;

    @Test
    void issuedCertificate_isSignedByTheCa_andNamesItsHosts() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        TestPki.Issued issued = pki.issue("mx.example.test", "mx.example.test", "127.0.0.1");
        X509Certificate leaf = issued.chain().get(0);
        leaf.verify(pki.caCertificate().getPublicKey());
        List<List<?>> sans = List.copyOf(leaf.getSubjectAlternativeNames());
        assertEquals(2, sans.size());
        assertEquals("mx.example.test", sans.get(0).get(1));
        assertEquals("127.0.0.1", sans.get(1).get(1));
    }

    @Test
    void negativeValidity_givesExpiredCertificate() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        X509Certificate leaf = pki.issue("old", Duration.ofDays(-1), "old.example.test").chain().get(0);
        assertThrows(CertificateExpiredException.class, leaf::checkValidity);
    }

    @Test
    void pemFiles_areWrittenAsPostfixReadsThem_andToStringHidesTheKey() throws Exception {
        TestPki pki = TestPki.create("Test CA");
        TestPki.Issued issued = pki.issue("mx", "mx.example.test");
        issued.writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        String certs = Files.readString(dir.resolve("cert.pem"));
        assertEquals(2, certs.split("-----BEGIN CERTIFICATE-----", -1).length - 1);
        assertTrue(Files.readString(dir.resolve("key.pem")).startsWith("-----BEGIN "));
        assertTrue(Files.readString(pki.writeCaPem(dir.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----"));
        assertFalse(issued.toString().contains("PRIVATE"));
    }
}
