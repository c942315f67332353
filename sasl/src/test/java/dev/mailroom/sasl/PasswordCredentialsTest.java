package dev.mailroom.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class PasswordCredentialsTest {

    @Test
    void saslPasswd_splitsAtFirstColon_passwordMayContainColons() {
        PasswordCredentials c = PasswordCredentials.parseSaslPasswd("pepe@gmail.com:soy:pepe:");
        assertEquals("pepe@gmail.com", c.username());
        assertArrayEquals("soy:pepe:".toCharArray(), c.password());
    }

    @Test
    void saslPasswd_seedEntries() {
        // seeds/000 sasl_passwd values
        assertEquals("pepe@gmail.com", PasswordCredentials.parseSaslPasswd("pepe@gmail.com:soypepe").username());
        PasswordCredentials m = PasswordCredentials.parseSaslPasswd("manolo:soymanolo");
        assertEquals("manolo", m.username());
        assertArrayEquals("soymanolo".toCharArray(), m.password());
    }

    @Test
    void saslPasswd_emptyPassword_isAllowed_butMissingColonOrUser_isNot() {
        assertArrayEquals(new char[0], PasswordCredentials.parseSaslPasswd("user:").password());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordCredentials.parseSaslPasswd("userpass"));
        assertEquals("sasl_passwd value has no ':' between user name and password (value of 8 characters not shown)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordCredentials.parseSaslPasswd(":pw"));
        assertThrows(IllegalArgumentException.class, () -> PasswordCredentials.of("", "x".toCharArray()));
    }

    @Test
    void of_copiesTheArray_andClearOverwritesIt() {
        char[] pw = "secret".toCharArray();
        PasswordCredentials c = PasswordCredentials.of("u", pw);
        java.util.Arrays.fill(pw, 'x');
        assertArrayEquals("secret".toCharArray(), c.password());
        c.close();
        assertThrows(IllegalStateException.class, c::password);
        assertEquals("PasswordCredentials[user=u, password=cleared]", c.toString());
    }
}
