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

    /**
     * Creates {@code file} empty and readable by its owner only (0600), unless it exists; files written into it later
     * (the log, the database and the journals SQLite derives from it) keep that mode.
     */
    public static Path privateFile(Path file) throws IOException {
        if (Files.exists(file)) return file;
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process created it first
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        return file;
    }
}
