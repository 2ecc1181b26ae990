package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What the executable jar holds for the launcher's class-data caches: picocli as classes of the app compiled for
 * Java 17, not picocli's own jar of Java 5 class files, which the JVM leaves out of a class data sharing archive or
 * an ahead-of-time cache ("Old class"), so every admin command would read and verify them again.
 */
class ExecutableJarContentsIT {
    static final int JAVA_17 = 61;

    @Test
    void picocliIsCompiledIntoTheAppForJava17() throws IOException {
        try (JarFile jar = new JarFile(ServeJarIT.JAR.toFile())) {
            List<String> picocliJars = jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith("BOOT-INF/lib/") && n.contains("picocli")).toList();
            assertEquals(List.of(), picocliJars, "picocli's own jar (Java 5 class files) must not be bundled");
            for (String name : List.of("picocli/CommandLine.class", "picocli/CommandLine$Model$CommandSpec.class",
                    "picocli/CommandLine$Help$Ansi.class")) {
                JarEntry entry = jar.getJarEntry("BOOT-INF/classes/" + name);
                assertNotNull(entry, name + " is not among the app's classes");
                assertTrue(majorVersion(jar, entry) >= JAVA_17, name + " is not a Java 17 class file");
            }
        }
    }

    static int majorVersion(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
            assertEquals(0xCAFEBABE, data.readInt(), entry.getName() + " is no class file");
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        }
    }
}
