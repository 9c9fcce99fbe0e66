package io.aismush.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts the build writes into the jar. */
public final class BuildInfo {
    private BuildInfo() {}

    private static final String VERSION = read();

    public static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/aismush/version.properties")) {
            if (in == null) return "dev";
            var p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
