package dev.mailroom.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Types from other modules arrive through ServiceLoader (META-INF/services on the class path). */
final class ProviderSpiTest {

    @Test
    void serviceLoaderProvider_addsAType_thatCanNestBuiltinTables() throws TableException {
        List<String> warnings = new ArrayList<>();
        LookupTable t = LookupTables.open("reverse:inline:{k=abc}",
                TableOptions.builder().warnings(w -> warnings.add(w.message())).build());
        assertEquals("cba", t.get("K"));
        assertNull(t.get("x"));
        assertEquals(List.of("reverse: opened inline:{k=abc}"), warnings);
        assertTrue(LookupTables.types().contains("reverse"));
    }

    @Test
    void builtinTypes_cannotBeReplacedByAProvider() throws TableException {
        assertEquals("v", LookupTables.open("inline:{k=v}").get("k"));
        assertTrue(LookupTables.open("hash:/dev/null", TableOptions.builder().warnings(w -> { }).build()) != null);
    }
}
