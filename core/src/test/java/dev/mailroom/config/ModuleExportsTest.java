package dev.mailroom.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class ModuleExportsTest {

    @Test
    void configIsExported_internalIsNot() throws Exception {
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        Set<String> exports = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        // other packages of core (dev.mailroom.address, ...) are added by other changes; config's part:
        assertTrue(exports.contains("dev.mailroom.config"), exports::toString);
        assertTrue(exports.stream().noneMatch(p -> p.contains("internal")), exports::toString);
        assertTrue(exports.stream().allMatch(p -> p.startsWith("dev.mailroom.")), exports::toString);
    }
}
