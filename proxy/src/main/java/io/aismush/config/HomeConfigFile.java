package io.aismush.config;

import io.aismush.wire.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * Changes the home config ({@code <dataDir>/config.json}) in place: reads it (an absent or empty file is an empty
 * object), lets the caller set keys, and writes it back atomically with mode 0600 in a 0700 folder, keeping every
 * key the caller did not touch. Used by {@code aismush start} (the DeepSeek key) and {@code aismush setup}.
 */
public final class HomeConfigFile {
    private HomeConfigFile() {}

    /** @throws ConfigException when the existing file is not a JSON object; IOException when it cannot be written */
    public static Path update(Path dataDir, Consumer<ObjectNode> change) throws IOException {
        DataDir.create(dataDir);
        Path file = dataDir.resolve("config.json");
        ObjectNode root = read(file);
        change.accept(root);
        Path tmp = Files.createTempFile(dataDir, ".config", ".tmp");
        try {
            restrict(tmp);
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        restrict(file);
        return file;
    }

    /** The file's JSON object, or an empty one when there is no file yet. */
    public static ObjectNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) return Json.MAPPER.createObjectNode();
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (RuntimeException e) {
            throw new ConfigException("config file " + file + " is not valid JSON; fix or remove it first");
        }
        if (node == null || node.isMissingNode() || node.isNull()) return Json.MAPPER.createObjectNode();
        if (!node.isObject()) throw new ConfigException("config file " + file + " must hold a JSON object");
        return (ObjectNode) node;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Windows: the user's profile folder is private already
        }
    }
}
