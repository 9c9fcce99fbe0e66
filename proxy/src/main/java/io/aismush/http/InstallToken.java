package io.aismush.http;

import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The install's secret for mutating admin endpoints: created at first start as {@code <dataDir>/token} (mode 0600,
 * 32 random bytes in hex), read on later starts. A request proves it knows the token with {@code x-aismush-token:
 * <token>} or {@code Authorization: Bearer <token>}. Immutable and thread-safe.
 */
public final class InstallToken {
    public static final String HEADER = "x-aismush-token";

    private final byte[] token;

    private InstallToken(String token) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads {@code <dataDir>/token}, creating it (owner-only) when absent. */
    public static InstallToken load(Path dataDir) throws IOException {
        Path file = dataDir.resolve("token");
        if (!Files.exists(file)) {
            io.aismush.config.DataDir.create(dataDir);
            String fresh = HexFormat.of().formatHex(random());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, fresh + "\n");
            } catch (FileAlreadyExistsException raced) {
                // another instance created it first: use theirs
            } catch (UnsupportedOperationException noPosix) {
                Files.writeString(file, fresh + "\n");
            }
        }
        String text = Files.readString(file).strip();
        if (text.length() < 16) throw new IOException(file + " holds no usable token; delete it and restart aismush to make a new one");
        return new InstallToken(text);
    }

    private static byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** True when the request carries the token (compared in constant time). */
    public boolean accepts(Request request) {
        // Either place may hold it: in team mode the header may carry the access token and the bearer this one.
        String header = request.getHeaders().get(HEADER);
        String auth = request.getHeaders().get("authorization");
        String bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7) : null;
        return matches(header) | matches(bearer);
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(token, given.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** The token itself, for the local CLI and the dashboard; never log it. */
    public String value() {
        return new String(token, StandardCharsets.US_ASCII);
    }
}
