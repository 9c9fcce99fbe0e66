package io.aismush.compress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The fixture corpus of realistic tool outputs: {@code <name>.txt} (first line {@code $ command}) and {@code <name>.expect}. */
public final class Corpus {
    private Corpus() {}

    /** One recorded command and its output, with the lines that must survive compression. */
    public record Output(String name, String command, String text, List<String> essentials) {}

    public static List<Output> outputs() {
        try (Stream<Path> files = Files.list(dir("compress/outputs"))) {
            return files.filter(f -> f.toString().endsWith(".txt")).sorted().map(Corpus::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path dir(String resource) {
        try {
            return Path.of(Corpus.class.getClassLoader().getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Output read(Path file) {
        try {
            String all = Files.readString(file, StandardCharsets.UTF_8);
            int nl = all.indexOf('\n');
            String name = file.getFileName().toString().replace(".txt", "");
            Path expect = file.resolveSibling(name + ".expect");
            List<String> essentials = Files.exists(expect) ? Files.readAllLines(expect).stream().filter(l -> !l.isEmpty()).toList() : List.of();
            return new Output(name, all.substring(2, nl), all.substring(nl + 1), essentials);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
