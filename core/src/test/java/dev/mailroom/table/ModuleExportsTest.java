package dev.mailroom.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins what core exports and that the table SPI is declared for the module path too. */
final class ModuleExportsTest {

    private static ModuleDescriptor descriptor() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void core_exportsTheTablePackages_andNoInternals() throws IOException {
        Set<String> exports = descriptor().exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        assertTrue(exports.containsAll(Set.of("dev.mailroom.table", "dev.mailroom.table.spi")), exports::toString);
        assertTrue(exports.stream().noneMatch(p -> p.contains("internal")), exports::toString);
    }

    @Test
    void core_usesAndProvidesTheTableSpi() throws IOException {
        ModuleDescriptor d = descriptor();
        assertEquals(Set.of("dev.mailroom.table.spi.TableProvider"), d.uses());
        assertEquals(1, d.provides().size());
        assertEquals("dev.mailroom.table.internal.BuiltinTables", d.provides().iterator().next().providers().get(0));
    }
}
