package dev.mailroom.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class ModuleExportsTest {

    @Test
    void moduleInfo_exportsOnlyThePublicApiPackage() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            ModuleDescriptor d = ModuleDescriptor.read(in);
            assertEquals("dev.mailroom.mailbox", d.name());
            assertEquals(Set.of("dev.mailroom.mailbox"),
                    d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
            assertEquals(Set.of(), d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        }
    }
}
