package io.aismush.storage;

import io.aismush.cli.AismushProcess;
import io.aismush.config.StorageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SqliteLibraryTest {
    @TempDir
    Path dataDir;

    private static byte[] driversOwnLibrary() throws Exception {
        try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            assertThat(in).as("the driver has a library for this platform").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void theDriversLibraryIsCopiedOnceIntoTheDataFolderReadableByItsOwnerOnly() throws Exception {
        Path copy = SqliteLibrary.copyIn(dataDir);

        assertThat(copy).startsWith(dataDir.resolve("lib"));
        assertThat(Files.readAllBytes(copy)).isEqualTo(driversOwnLibrary());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("lib")))).isEqualTo("rwx------");

        Object written = Files.readAttributes(copy, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertThat(SqliteLibrary.copyIn(dataDir)).isEqualTo(copy);
        assertThat(Files.readAttributes(copy, java.nio.file.attribute.BasicFileAttributes.class).fileKey()).as("not written again").isEqualTo(written);
        try (var files = Files.list(copy.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial copy left").containsExactly(copy.getFileName().toString());
        }
    }

    @Test
    void aNewDriverVersionRemovesTheCopiesOfOlderOnesOnThisPlatformAndNothingElse() throws Exception {
        Path older = Files.createDirectories(dataDir.resolve("lib").resolve(SqliteLibrary.folderName("3.40.0.0")));
        Files.writeString(older.resolve(LibraryLoaderUtil.getNativeLibName()), "an older library");
        Path unrelated = Files.createDirectories(dataDir.resolve("lib").resolve("something-else"));
        Path otherPlatform = Files.createDirectories(dataDir.resolve("lib").resolve("sqlite-jdbc-3.40.0.0-Plan9-mips"));

        Path copy = SqliteLibrary.copyIn(dataDir);

        assertThat(copy).exists();
        assertThat(older).doesNotExist();
        assertThat(unrelated).exists();
        assertThat(otherPlatform).as("another machine's copy, in a shared data folder").exists();
    }

    @Test
    void theDriverIsPointedAtTheCopyUnlessTheUserChoseALibraryOfTheirOwn() throws Exception {
        var jvm = new Properties();
        SqliteLibrary.useCopyIn(dataDir, jvm);
        Path copy = SqliteLibrary.copyIn(dataDir);
        assertThat(jvm.getProperty(SqliteLibrary.PATH)).isEqualTo(copy.getParent().toString());
        assertThat(jvm.getProperty(SqliteLibrary.NAME)).isEqualTo(copy.getFileName().toString());
        assertThat(jvm.getProperty(SqliteLibrary.TMPDIR)).isEqualTo(copy.getParent().toString());

        var chosen = new Properties();
        chosen.setProperty(SqliteLibrary.PATH, "/opt/sqlite");
        Path other = Files.createDirectory(dataDir.resolve("other"));
        SqliteLibrary.useCopyIn(other, chosen);
        assertThat(chosen.stringPropertyNames()).containsExactly(SqliteLibrary.PATH);
        assertThat(other.resolve("lib")).doesNotExist();
    }

    @Test
    void aProxysDatabaseRunsOnTheCopyAndExtractsNothingIntoTheTemporaryFolder() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "the loaded libraries are read from /proc (Linux)");
        // a JVM of its own: in this one the driver has loaded its library already
        Path data = Files.createDirectory(dataDir.resolve("data"));
        Path tmp = Files.createDirectory(dataDir.resolve("tmp"));
        List<String> command = AismushProcess.javaCommand(List.of("-Djava.io.tmpdir=" + tmp), OpenOnce.class, data.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        Path copy = SqliteLibrary.copyIn(data);
        assertThat(out).contains("sqlite ").contains("loaded " + copy).contains("extracted: none");
    }

    /** Opens the database in the data folder given, asks SQLite its version, and tells where its library came from. */
    public static final class OpenOnce {
        public static void main(String[] args) throws Exception {
            try (var db = Database.open(StorageSettings.defaults(), Path.of(args[0]));
                 var c = db.connection();
                 var rs = c.createStatement().executeQuery("SELECT sqlite_version()")) {
                rs.next();
                System.out.println("sqlite " + rs.getString(1));
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("sqlitejdbc")) System.out.println("loaded " + line.substring(line.indexOf('/')));
            }
            try (var tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                var extracted = tmp.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("sqlite-")).toList();
                System.out.println("extracted: " + (extracted.isEmpty() ? "none" : extracted));
            }
        }
    }
}
