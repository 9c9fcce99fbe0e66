package io.aismush.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The proxy's settings, immutable, loaded once at start by {@link ConfigLoader}.
 *
 * @param host              the address the proxy binds (loopback by default)
 * @param port              the port the proxy listens on
 * @param anthropicBaseUrl  where Anthropic-bound traffic goes; only the environment or the home config may set it
 * @param deepseekApiKey    the DeepSeek key, or {@code null}; never logged or shown unmasked
 * @param verbose           log one line per request at INFO and more detail at DEBUG
 * @param forceProvider     a provider every turn must go to, or {@code null} to let routing decide
 * @param maxBodyBytes      requests with larger bodies are refused with 413
 * @param maxInFlight       requests beyond this many in flight are answered 529 instead of exhausting memory
 * @param connectTimeout    how long to wait for an upstream connection
 * @param firstByteTimeout  how long to wait for an upstream's response headers
 * @param streamIdleTimeout how long an upstream stream may stay silent before it is treated as cut
 * @param dataDir           the folder for the home config, database and log
 * @param routing           routing and the providers beyond Anthropic
 * @param storage           the database for request history and the price table
 * @param compression       tool-result compression and context fitting
 * @param memory            persistent memory
 * @param allowedHosts      extra host names (or {@code name:port}) the dashboard and admin endpoints answer to
 * @param accessToken       the token every request needs in team mode (a non-loopback {@code host}), or {@code null};
 *                          never logged or shown unmasked
 * @param shutdownDrain     on stop, how long requests in flight may run on before they are ended with an error event
 */
public record Config(String host, int port, URI anthropicBaseUrl, String deepseekApiKey, boolean verbose,
                     String forceProvider, long maxBodyBytes, int maxInFlight, Duration connectTimeout,
                     Duration firstByteTimeout, Duration streamIdleTimeout, Path dataDir, RoutingSettings routing,
                     StorageSettings storage, CompressionSettings compression, MemorySettings memory,
                     List<String> allowedHosts, String accessToken, Duration shutdownDrain) {

    public static final Duration DEFAULT_SHUTDOWN_DRAIN = Duration.ofSeconds(20);

    public Config {
        allowedHosts = List.copyOf(allowedHosts);
    }

    /** Everything but the shutdown drain, which keeps its default. */
    public Config(String host, int port, URI anthropicBaseUrl, String deepseekApiKey, boolean verbose,
                  String forceProvider, long maxBodyBytes, int maxInFlight, Duration connectTimeout,
                  Duration firstByteTimeout, Duration streamIdleTimeout, Path dataDir, RoutingSettings routing,
                  StorageSettings storage, CompressionSettings compression, MemorySettings memory, List<String> allowedHosts,
                  String accessToken) {
        this(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes, maxInFlight, connectTimeout,
                firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, accessToken,
                DEFAULT_SHUTDOWN_DRAIN);
    }

    /** Everything but the access token, of which there is none. */
    public Config(String host, int port, URI anthropicBaseUrl, String deepseekApiKey, boolean verbose,
                  String forceProvider, long maxBodyBytes, int maxInFlight, Duration connectTimeout,
                  Duration firstByteTimeout, Duration streamIdleTimeout, Path dataDir, RoutingSettings routing,
                  StorageSettings storage, CompressionSettings compression, MemorySettings memory, List<String> allowedHosts) {
        this(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes, maxInFlight, connectTimeout,
                firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, null);
    }

    /** Everything but the extra dashboard hosts, of which there are none. */
    public Config(String host, int port, URI anthropicBaseUrl, String deepseekApiKey, boolean verbose,
                  String forceProvider, long maxBodyBytes, int maxInFlight, Duration connectTimeout,
                  Duration firstByteTimeout, Duration streamIdleTimeout, Path dataDir, RoutingSettings routing,
                  StorageSettings storage, CompressionSettings compression, MemorySettings memory) {
        this(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes, maxInFlight, connectTimeout,
                firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, List.of());
    }

    /** Everything but memory, which keeps its defaults. */
    public Config(String host, int port, URI anthropicBaseUrl, String deepseekApiKey, boolean verbose,
                  String forceProvider, long maxBodyBytes, int maxInFlight, Duration connectTimeout,
                  Duration firstByteTimeout, Duration streamIdleTimeout, Path dataDir, RoutingSettings routing,
                  StorageSettings storage, CompressionSettings compression) {
        this(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes, maxInFlight, connectTimeout,
                firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, MemorySettings.defaults());
    }

    /** Everything but compression, which keeps its defaults. */
    public Config(String host, int port, URI anthropicBaseUrl, String deepseekApiKey, boolean verbose,
                  String forceProvider, long maxBodyBytes, int maxInFlight, Duration connectTimeout,
                  Duration firstByteTimeout, Duration streamIdleTimeout, Path dataDir, RoutingSettings routing,
                  StorageSettings storage) {
        this(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes, maxInFlight, connectTimeout,
                firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, CompressionSettings.defaults());
    }

    /** Everything but storage, which keeps its defaults. */
    public Config(String host, int port, URI anthropicBaseUrl, String deepseekApiKey, boolean verbose,
                  String forceProvider, long maxBodyBytes, int maxInFlight, Duration connectTimeout,
                  Duration firstByteTimeout, Duration streamIdleTimeout, Path dataDir, RoutingSettings routing) {
        this(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes, maxInFlight, connectTimeout,
                firstByteTimeout, streamIdleTimeout, dataDir, routing, StorageSettings.defaults());
    }

    /** Everything but routing, which keeps its defaults. */
    public Config(String host, int port, URI anthropicBaseUrl, String deepseekApiKey, boolean verbose,
                  String forceProvider, long maxBodyBytes, int maxInFlight, Duration connectTimeout,
                  Duration firstByteTimeout, Duration streamIdleTimeout, Path dataDir) {
        this(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes, maxInFlight, connectTimeout,
                firstByteTimeout, streamIdleTimeout, dataDir, RoutingSettings.defaults());
    }

    public static final int DEFAULT_PORT = 1849;
    public static final URI DEFAULT_ANTHROPIC_BASE_URL = URI.create("https://api.anthropic.com");
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    public static final int DEFAULT_MAX_IN_FLIGHT = 2048;

    /** The defaults, with the given data folder. */
    public static Config defaults(Path dataDir) {
        return new Config("127.0.0.1", DEFAULT_PORT, DEFAULT_ANTHROPIC_BASE_URL, null, false, null,
                DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IN_FLIGHT, Duration.ofSeconds(10), Duration.ofMinutes(10),
                Duration.ofMinutes(5), dataDir, RoutingSettings.defaults());
    }

    public Path homeConfigFile() {
        return dataDir.resolve("config.json");
    }

    public Path logFile() {
        return dataDir.resolve("proxy.log");
    }

    public Config withPort(int newPort) {
        return new Config(host, newPort, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, accessToken, shutdownDrain);
    }

    public Config withAnthropicBaseUrl(URI url) {
        return new Config(host, port, url, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, accessToken, shutdownDrain);
    }

    public Config withVerbose(boolean v) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, v, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, accessToken, shutdownDrain);
    }

    /** DeepSeek on, with this key (tests point its base URL at a fake). */
    public Config withDeepseek(String key, URI baseUrl) {
        return new Config(host, port, anthropicBaseUrl, key, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing.withDeepseekBaseUrl(baseUrl), storage, compression, memory, allowedHosts, accessToken, shutdownDrain);
    }

    public Config withForceProvider(String provider) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, verbose, provider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, accessToken, shutdownDrain);
    }

    public Config withRouting(RoutingSettings r) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, r, storage, compression, memory, allowedHosts, accessToken, shutdownDrain);
    }

    public Config withStorage(StorageSettings s) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, s, compression, memory, allowedHosts, accessToken, shutdownDrain);
    }

    public Config withCompression(CompressionSettings c) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, c, memory, allowedHosts, accessToken, shutdownDrain);
    }

    public Config withMemory(MemorySettings m) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, m, allowedHosts, accessToken, shutdownDrain);
    }

    /** Extra host names the dashboard and admin endpoints answer to, besides this machine's loopback names. */
    public Config withAllowedHosts(List<String> hosts) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, hosts, accessToken, shutdownDrain);
    }

    /** The bind address, e.g. {@code 0.0.0.0} for team mode (which also needs {@link #withAccessToken}). */
    public Config withHost(String newHost) {
        return new Config(newHost, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, accessToken, shutdownDrain);
    }

    public Config withAccessToken(String token) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, token, shutdownDrain);
    }

    /** How long a stop waits for requests in flight before ending them (zero: end them at once). */
    public Config withShutdownDrain(Duration drain) {
        return new Config(host, port, anthropicBaseUrl, deepseekApiKey, verbose, forceProvider, maxBodyBytes,
                maxInFlight, connectTimeout, firstByteTimeout, streamIdleTimeout, dataDir, routing, storage, compression, memory, allowedHosts, accessToken, drain);
    }

    /** Bound to something other than loopback: every endpoint needs the access token. */
    public boolean teamMode() {
        return !TeamMode.isLoopback(host);
    }

    /** Shows a secret only as much as a person needs to recognise it. */
    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) return "(not set)";
        if (secret.length() < 16) return "(set)";
        return "…" + secret.substring(secret.length() - 4) + " (masked)";
    }

    @Override
    public String toString() {
        return "Config[host=" + host + ", accessToken=" + mask(accessToken) + ", port=" + port + ", anthropicBaseUrl=" + anthropicBaseUrl
                + ", deepseekApiKey=" + mask(deepseekApiKey) + ", verbose=" + verbose + ", forceProvider="
                + forceProvider + ", maxBodyBytes=" + maxBodyBytes + ", maxInFlight=" + maxInFlight + ", routing=" + routing + ", storage=" + storage + ", compression=" + compression + ", memory=" + memory + ", shutdownDrain=" + shutdownDrain + "]";
    }
}
