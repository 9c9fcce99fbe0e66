package io.aismush.storage;

import io.aismush.config.DataDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Where the SQLite driver finds its native library. Left to itself, the driver does on every start what is needed once:
 * it lists the temporary folder for copies left by other processes (thousands of entries on a busy machine), starts a
 * process to learn whether it runs on Android, copies the 1 MB library out of the jar and reads both copies back byte
 * by byte to compare them; a tenth of a second of CPU beside the first request after a restart. Here the library is
 * copied once per driver version, operating system and architecture into the data folder ({@code lib/}), and the
 * driver is pointed at that copy. It then also never needs a temporary folder that allows executables.
 *
 * <p>A copy is written under a temporary name and moved into place, so it is whole or absent; one the driver cannot load
 * makes it fall back to its own extraction. Settings a user gave the JVM ({@code org.sqlite.lib.path}) are left alone.
 */
final class SqliteLibrary {
    private static final Logger log = LoggerFactory.getLogger(SqliteLibrary.class);
    static final String PATH = "org.sqlite.lib.path", NAME = "org.sqlite.lib.name", TMPDIR = "org.sqlite.tmpdir";
    private static final String PREFIX = "sqlite-jdbc-";

    private SqliteLibrary() {}

    /** Points the driver at the copy in {@code dataDir}, making it first if needed; on any failure the driver is left as it was. */
    static synchronized void useCopyIn(Path dataDir) {
        useCopyIn(dataDir, System.getProperties());
        try {
            org.sqlite.SQLiteJDBCLoader.initialize(); // now, while the folder named is certainly there (a test's may not stay)
        } catch (Exception e) {
            log.debug("SQLite's native library is loaded at the first connection instead: {}", e.toString());
        }
    }

    /** As {@link #useCopyIn(Path)}, with the JVM's properties given. */
    static void useCopyIn(Path dataDir, Properties jvm) {
        if (jvm.getProperty(PATH) != null) return; // the user's choice, or done already in this JVM
        try {
            Path copy = copyIn(dataDir);
            if (copy == null) return;
            jvm.setProperty(PATH, copy.getParent().toString());
            jvm.setProperty(NAME, copy.getFileName().toString());
            // The driver first deletes its own leftovers in its temporary folder: this one holds none, so the look is short.
            if (jvm.getProperty(TMPDIR) == null) jvm.setProperty(TMPDIR, copy.getParent().toString());
        } catch (IOException | RuntimeException e) {
            log.debug("SQLite's native library stays with the driver's own extraction: {}", e.toString());
        }
    }

    /** The copy of the library for this platform in {@code dataDir}, made if absent; null when the driver has none for it. */
    static Path copyIn(Path dataDir) throws IOException {
        String name = org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
        Path copy = dataDir.resolve("lib").resolve(folderName(org.sqlite.SQLiteJDBCLoader.getVersion())).resolve(name);
        if (Files.isRegularFile(copy)) return copy;
        return extract(copy.getParent(), name) ? copy : null;
    }

    static String folderName(String driverVersion) {
        return PREFIX + driverVersion + "-" + platform();
    }

    /** "Linux-amd64": a data folder shared by machines of several kinds keeps a copy for each. */
    private static String platform() {
        String os = System.getProperty("os.name", "os") + "-" + System.getProperty("os.arch", "arch");
        return os.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Copies the library for this platform out of the driver's jar; false when the driver has none for it. */
    private static boolean extract(Path folder, String name) throws IOException {
        // Asks the driver which of its folders fits this platform (it runs a process to tell Linux from Android): once.
        String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) return false;
            DataDir.create(folder.getParent());
            DataDir.create(folder);
            Path part = Files.createTempFile(folder, ".part-", ".tmp"); // owner-only, as everything in the data folder
            try {
                try (OutputStream out = Files.newOutputStream(part)) {
                    in.transferTo(out);
                }
                Files.move(part, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        removeOtherVersions(folder);
        return true;
    }

    /**
     * Copies for other driver versions on this platform, left by an earlier install; one a running older proxy has
     * loaded stays loaded.
     */
    private static void removeOtherVersions(Path keep) {
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(keep.getParent(), PREFIX + "*-" + platform())) {
            for (Path other : siblings) {
                if (other.equals(keep) || !Files.isDirectory(other)) continue;
                try (DirectoryStream<Path> files = Files.newDirectoryStream(other)) {
                    for (Path f : files) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(other);
            }
        } catch (IOException e) {
            log.debug("old copies of SQLite's library stay: {}", e.toString());
        }
    }
}
