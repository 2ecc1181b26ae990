package dev.dynauth.app.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Development secrets generated once and kept in the data directory (mode 600), so that what the apps beside
 * dynauth were given (the Auth.js secret, the DynamoDB Local keys) still holds after a restart.
 */
public final class KeptSecrets {
    private KeptSecrets() {}

    /** The file's content, or a new random value of {@code bytes} bytes (hex) written there first. */
    public static String readOrCreate(Path file, int bytes) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String s = random(bytes);
            Files.createDirectories(file.getParent());
            Files.writeString(file, s + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
            return s;
        } catch (IOException e) {
            throw new CliException("cannot keep a secret in " + file + ": " + e.getMessage());
        }
    }

    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
