package io.aismush.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The data folder holds keys, the database and the log: it is created private to its owner. */
public final class DataDir {
    private DataDir() {}

    public static Path create(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return dir;
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir); // Windows: the user's profile folder is private already
        }
        return dir;
    }
}
