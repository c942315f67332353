package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MechanismChooserTest {

    private static final List<String> GMAIL = MechanismChooser.parseOffer("LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH");
    private static final List<String> DOVECOT = MechanismChooser.parseOffer("PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256");

    @Test
    void postfixDefaults_matchPostconfD() {
        // postconf -d: smtp_sasl_security_options = noplaintext, noanonymous; tls ones inherit it
        SaslPolicy d = SaslPolicy.POSTFIX_DEFAULTS;
        Set<SecurityOption> expected = EnumSet.of(SecurityOption.NOPLAINTEXT, SecurityOption.NOANONYMOUS);
        for (TlsState s : TlsState.values()) {
            assertEquals(expected, d.optionsFor(s));
        }
        assertTrue(d.filter().isEmpty());
        assertEquals(d, SaslPolicy.fromParameters(MechanismFilter.NONE, null, null, null));
    }

    @Test
    void defaults_refusePlainAndLogin_evenOverTls_andExplainWhy() {
        MechanismChoice c = MechanismChooser.of(SaslPolicy.POSTFIX_DEFAULTS).choose(GMAIL, TlsState.TLS);
        assertEquals(Optional.empty(), c.selected());
        SaslException e = assertThrows(SaslException.class, c::orElseThrow);
        assertEquals(SaslException.Reason.NO_MECHANISM, e.reason());
        assertEquals("server offered LOGIN, PLAIN, XOAUTH2, PLAIN-CLIENTTOKEN, OAUTHBEARER, XOAUTH;"
                + " LOGIN removed by noplaintext (smtp_sasl_tls_security_options = noplaintext, noanonymous);"
                + " PLAIN removed by noplaintext (smtp_sasl_tls_security_options = noplaintext, noanonymous);"
                + " XOAUTH2 not supported by this client; PLAIN-CLIENTTOKEN not supported by this client;"
                + " OAUTHBEARER not supported by this client; XOAUTH not supported by this client; no mechanism left",
                e.getMessage());
    }

    @Test
    void seedSmarthostConfig_choosesPlain_withAndWithoutTls() {
        // seeds/000: smtp_sasl_mechanism_filter = plain, login; smtp_sasl_security_options = noanonymous
        SaslPolicy p = SaslPolicy.fromParameters(MechanismFilter.parse("plain, login", null), "noanonymous", null, null);
        MechanismChooser chooser = MechanismChooser.of(p);
        for (TlsState s : TlsState.values()) {
            MechanismChoice c = chooser.choose(GMAIL, s);
            assertEquals(List.of("LOGIN", "PLAIN"), c.allowedByFilter());
            assertEquals(List.of("PLAIN", "LOGIN"), c.candidates());
        }
    }

    @Test
    void noanonymousWithFilterPlain_givesPlain_asVerifiedOnPostfix() {
        // POSTFIX-SEMANTICS E.3, verified: smtp_sasl_security_options = noanonymous + filter plain -> AUTH PLAIN
        SaslPolicy p = SaslPolicy.fromParameters(MechanismFilter.parse("plain", null), "noanonymous", null, null);
        assertEquals(Optional.of("PLAIN"), MechanismChooser.of(p).choose(DOVECOT, TlsState.NONE).selected());
    }

    @Test
    void strongestFirst_regardlessOfServerOrder() {
        SaslPolicy p = SaslPolicy.fromParameters(MechanismFilter.NONE, "", null, null);
        MechanismChoice c = MechanismChooser.of(p).choose(DOVECOT, TlsState.NONE);
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"), c.candidates());
        assertEquals("SCRAM-SHA-256", MechanismChooser.of(SaslPolicy.POSTFIX_DEFAULTS).choose(DOVECOT, TlsState.NONE)
                .selected().orElseThrow());
    }

    @Test
    void knownMechanisms_areOrderedAsCyrusRanksThem() {
        assertEquals(List.of("SCRAM-SHA-512", "SCRAM-SHA-384", "SCRAM-SHA-256", "SCRAM-SHA-224", "SCRAM-SHA-1", "GSSAPI", "DIGEST-MD5", "EXTERNAL", "CRAM-MD5", "NTLM",
                "PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER", "ANONYMOUS"),
                MechanismProperties.known().stream().map(MechanismProperties::name).toList());
    }

    @Test
    void properties_classifyAsCyrus() {
        MechanismProperties plain = MechanismProperties.of("plain").orElseThrow();
        assertTrue(plain.plaintext() && plain.active() && plain.dictionary() && !plain.anonymous() && !plain.mutualAuth());
        MechanismProperties cram = MechanismProperties.of("CRAM-MD5").orElseThrow();
        assertTrue(!cram.plaintext() && cram.active() && cram.dictionary() && !cram.mutualAuth());
        MechanismProperties scram = MechanismProperties.of("SCRAM-SHA-256").orElseThrow();
        assertTrue(!scram.plaintext() && !scram.active() && scram.dictionary() && scram.mutualAuth());
        MechanismProperties ext = MechanismProperties.of("EXTERNAL").orElseThrow();
        assertFalse(ext.dictionary());
        assertTrue(MechanismProperties.of("ANONYMOUS").orElseThrow().anonymous());
        assertTrue(MechanismProperties.of("DIGEST-MD5").orElseThrow().mutualAuth());
        assertEquals(Optional.empty(), MechanismProperties.of("PLAIN-CLIENTTOKEN"));
    }

    @Test
    void eachSecurityOption_removesTheMechanismsLackingIt() {
        List<String> all = List.of("SCRAM-SHA-256", "DIGEST-MD5", "EXTERNAL", "CRAM-MD5", "PLAIN", "ANONYMOUS");
        MechanismChooser base = MechanismChooser.of(SaslPolicy.POSTFIX_DEFAULTS).withClientMechanisms(all);
        Map<String, List<String>> expected = Map.of(
                "noplaintext", List.of("SCRAM-SHA-256", "DIGEST-MD5", "EXTERNAL", "CRAM-MD5", "ANONYMOUS"),
                "noactive", List.of("SCRAM-SHA-256"),
                "nodictionary", List.of("EXTERNAL"),
                "noanonymous", List.of("SCRAM-SHA-256", "DIGEST-MD5", "EXTERNAL", "CRAM-MD5", "PLAIN"),
                "mutual_auth", List.of("SCRAM-SHA-256", "DIGEST-MD5"),
                "", List.of("SCRAM-SHA-256", "DIGEST-MD5", "EXTERNAL", "CRAM-MD5", "PLAIN", "ANONYMOUS"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            SaslPolicy p = SaslPolicy.fromParameters(MechanismFilter.NONE, e.getKey(), null, null);
            MechanismChooser ch = MechanismChooser.of(p).withClientMechanisms(all);
            assertEquals(e.getValue(), ch.choose(all, TlsState.NONE).candidates(), e.getKey());
        }
        assertEquals("SCRAM-SHA-256", base.choose(all, TlsState.NONE).selected().orElseThrow());
    }

    @Test
    void threeOptionSets_followTheTlsState() {
        SaslPolicy p = SaslPolicy.fromParameters(MechanismFilter.NONE, "noplaintext, noanonymous", "noplaintext noanonymous",
                "noanonymous");
        MechanismChooser ch = MechanismChooser.of(p);
        List<String> offer = List.of("PLAIN", "LOGIN");
        assertEquals(Optional.empty(), ch.choose(offer, TlsState.NONE).selected());
        assertEquals(Optional.empty(), ch.choose(offer, TlsState.TLS).selected());
        assertEquals(Optional.of("PLAIN"), ch.choose(offer, TlsState.TLS_VERIFIED).selected());
        // the verified set inherits the TLS one when not set
        SaslPolicy q = SaslPolicy.fromParameters(MechanismFilter.NONE, null, "noanonymous", null);
        assertEquals(Set.of(SecurityOption.NOANONYMOUS), q.optionsFor(TlsState.TLS_VERIFIED));
    }

    @Test
    void filter_negation_firstMatchWins_andUnmatchedIsExcluded() {
        MechanismFilter f = MechanismFilter.parse("!gssapi, !login, static:rest", (table, key) -> table.equals("static:rest"));
        assertFalse(f.allows("LOGIN"));
        assertFalse(f.allows("GSSAPI"));
        assertTrue(f.allows("PLAIN"));
        MechanismFilter onlyNegation = MechanismFilter.parse("!login", null);
        assertFalse(onlyNegation.allows("PLAIN"), "Postfix match lists exclude what no pattern matches");
        assertTrue(MechanismFilter.parse("PLAIN", null).allows("plain"));
        assertTrue(MechanismFilter.parse("  ", null).allows("ANYTHING"));
    }

    @Test
    void filter_tablePattern_asksTheLookupWithTheOfferedName() {
        MechanismFilter f = MechanismFilter.of(List.of("hash:/etc/postfix/mechs"),
                (table, key) -> table.equals("hash:/etc/postfix/mechs") && key.equalsIgnoreCase("cram-md5"));
        SaslPolicy p = SaslPolicy.POSTFIX_DEFAULTS.withFilter(f);
        MechanismChoice c = MechanismChooser.of(p).choose(DOVECOT, TlsState.NONE);
        assertEquals(List.of("CRAM-MD5"), c.allowedByFilter());
        assertEquals(Optional.of("CRAM-MD5"), c.selected());
        assertThrows(IllegalArgumentException.class, () -> MechanismFilter.parse("hash:/x", null));
    }

    @Test
    void filter_filePattern_readsItsPatterns(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("smtp_mechs");
        Files.writeString(file, "# mechanisms we allow\ncram-md5\n login\n");
        MechanismFilter f = MechanismFilter.parse(file.toString(), null);
        assertEquals(List.of("cram-md5", "login"), f.patterns());
        assertTrue(f.allows("LOGIN"));
        assertFalse(f.allows("PLAIN"));
        MechanismFilter neg = MechanismFilter.parse("!" + file + ", static:all", (t, k) -> true);
        assertFalse(neg.allows("CRAM-MD5"));
        assertTrue(neg.allows("PLAIN"));
    }

    @Test
    void nothingLeft_errorListsOfferFilterAndOption() {
        SaslPolicy p = SaslPolicy.fromParameters(MechanismFilter.parse("plain, login", null), null, null, null);
        SaslException e = assertThrows(SaslException.class,
                () -> MechanismChooser.of(p).choose(DOVECOT, TlsState.NONE).orElseThrow());
        assertEquals("server offered PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1, SCRAM-SHA-256;"
                + " smtp_sasl_mechanism_filter allowed PLAIN, LOGIN;"
                + " PLAIN removed by noplaintext (smtp_sasl_security_options = noplaintext, noanonymous);"
                + " LOGIN removed by noplaintext (smtp_sasl_security_options = noplaintext, noanonymous);"
                + " no mechanism left", e.getMessage());
    }

    @Test
    void offer_isCombinedAcrossAuthLines_caseInsensitively() {
        List<String> offer = new java.util.ArrayList<>(MechanismChooser.parseOffer("PLAIN LOGIN"));
        offer.addAll(MechanismChooser.parseOffer("plain login"));
        MechanismChoice c = MechanismChooser.of(SaslPolicy.fromParameters(MechanismFilter.NONE, "noanonymous", null, null))
                .choose(offer, TlsState.NONE);
        assertEquals(List.of("PLAIN", "LOGIN"), c.offered());
    }

    @Test
    void securityOptions_parse_rejectsUnknownNames() {
        assertEquals(Set.of(), SecurityOption.parseList(""));
        assertEquals(EnumSet.allOf(SecurityOption.class),
                SecurityOption.parseList("NOPLAINTEXT,noactive nodictionary, noanonymous,mutual_auth"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecurityOption.parseList("noplaintext, forward_secrecy"));
        assertTrue(e.getMessage().contains("\"forward_secrecy\""));
        assertThrows(IllegalArgumentException.class, () -> MechanismChooser.of(SaslPolicy.POSTFIX_DEFAULTS)
                .withClientMechanisms(List.of("FOO")));
    }
}
