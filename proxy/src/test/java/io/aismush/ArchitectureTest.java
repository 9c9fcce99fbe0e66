package io.aismush;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Dependencies point inward: {@code http} → {@code pipeline} → features → {@code wire}; nothing imports {@code app}. */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?(io\\.aismush\\.[\\w.]+?)(?:\\.\\*)?\\s*;");
    private static final Set<String> FEATURES = Set.of("compress", "context", "routing", "providers", "metering", "memory",
            "storage", "dashboard");

    /** One import of an {@code io.aismush} package by one source file. */
    record Import(Path file, String fromPackage, String imported) {
        /** The first package segment under {@code io.aismush}, e.g. {@code wire} for {@code io.aismush.wire.Json}. */
        String importedPackage() {
            return imported.substring("io.aismush.".length()).split("\\.")[0];
        }

        @Override
        public String toString() {
            return SOURCES.relativize(file) + " imports " + imported;
        }
    }

    @Test
    void theSourcesAreWhereThisTestLooks() throws IOException {
        assertThat(imports()).as("imports found under " + SOURCES.toAbsolutePath()).isNotEmpty();
        assertThat(imports()).extracting(Import::fromPackage).contains("pipeline", "config", "http", "app", "cli");
    }

    @Test
    void pipelineImportsNoFeatureAndNothingOutward() throws IOException {
        assertThat(offending("pipeline", i -> FEATURES.contains(i.importedPackage())
                || Set.of("http", "app", "cli").contains(i.importedPackage())))
                .as("the pipeline knows no feature").isEmpty();
    }

    @Test
    void nothingImportsTheAppPackageButAppItself() throws IOException {
        var bad = imports().stream().filter(i -> !i.fromPackage().equals("app") && i.importedPackage().equals("app")).toList();
        assertThat(bad).as("imports of io.aismush.app").isEmpty();
    }

    @Test
    void wireImportsNoOtherAismushPackage() throws IOException {
        assertThat(offending("wire", i -> !i.importedPackage().equals("wire"))).as("wire is the innermost package").isEmpty();
    }

    @Test
    void configImportsOnlyWire() throws IOException {
        assertThat(offending("config", i -> !Set.of("config", "wire").contains(i.importedPackage()))).as("config depends on wire only").isEmpty();
    }

    @Test
    void featurePackagesDoNotImportTheHttpLayer() throws IOException {
        var bad = imports().stream().filter(i -> FEATURES.contains(i.fromPackage()) && Set.of("http", "cli").contains(i.importedPackage())).toList();
        assertThat(bad).as("feature packages importing http or cli").isEmpty();
    }

    private static List<Import> offending(String fromPackage, java.util.function.Predicate<Import> bad) throws IOException {
        return imports().stream().filter(i -> i.fromPackage().equals(fromPackage)).filter(bad).toList();
    }

    private static List<Import> imports() throws IOException {
        Path root = SOURCES.resolve("io").resolve("aismush");
        var out = new ArrayList<Import>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path rel = root.relativize(file);
                if (rel.getNameCount() < 2) continue; // a file directly in io.aismush belongs to no package of the map
                String pkg = rel.getName(0).toString();
                for (String line : Files.readAllLines(file)) {
                    Matcher m = IMPORT.matcher(line);
                    if (m.find()) out.add(new Import(file, pkg, m.group(1)));
                }
            }
        }
        return out;
    }
}
