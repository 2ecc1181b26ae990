package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliImageTest {

    private static Path jar(Path dir, String name, String classPath) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "a.Main");
        if (classPath != null) {
            m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("a/Main.class"));
            out.write("not really a class".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("log4j2.xml"));
            out.write("<x/>".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void stripRemovesOnlyTheClassPathAndKeepsEveryEntry(@TempDir Path dir) throws Exception {
        Path withPath = jar(dir, "ddb.jar", ". log4j2.xml DynamoDBLocal_lib/x.jar");
        Path without = jar(dir, "plain.jar", null);
        byte[] plainBefore = Files.readAllBytes(without);

        CliImage.strip(dir);

        try (JarFile f = new JarFile(withPath.toFile())) {
            assertNull(f.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH));
            assertEquals("a.Main", f.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS));
            assertArrayEquals("not really a class".getBytes(StandardCharsets.UTF_8),
                    f.getInputStream(f.getEntry("a/Main.class")).readAllBytes());
            assertTrue(f.getEntry("log4j2.xml") != null);
        }
        assertArrayEquals(plainBefore, Files.readAllBytes(without), "a jar without a Class-Path is not rewritten");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
