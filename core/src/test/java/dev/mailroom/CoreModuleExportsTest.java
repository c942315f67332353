package dev.mailroom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Pins what core exports, so that nothing becomes API by accident. */
final class CoreModuleExportsTest {

    @Test
    void moduleInfo_exportsExactlyThePublicPackages() throws Exception {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.mailroom.core", d.name());
        Set<String> exports = new TreeSet<>();
        d.exports().forEach(e -> {
            assertEquals(Set.of(), e.targets(), "qualified export " + e);
            exports.add(e.source());
        });
        assertEquals(Set.of("dev.mailroom.address", "dev.mailroom.config", "dev.mailroom.resolve", "dev.mailroom.table", "dev.mailroom.table.spi"), exports);
    }

    @Test
    void moduleInfo_usesAndProvidesTheTableSpi() throws Exception {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals(Set.of("dev.mailroom.table.spi.TableProvider"), d.uses());
        assertEquals(1, d.provides().size());
        assertEquals(List.of("dev.mailroom.table.internal.BuiltinTables"), d.provides().iterator().next().providers());
    }
}
