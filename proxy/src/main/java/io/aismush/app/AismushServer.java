package io.aismush.app;

import io.aismush.config.BuildInfo;
import io.aismush.config.Config;
import io.aismush.http.JsonErrors;
import io.aismush.http.ProxyHandler;
import io.aismush.http.Routes;
import io.aismush.metering.LiveStats;
import io.aismush.metering.RecentRecords;
import io.aismush.metering.RequestRecord;
import io.aismush.compress.CompressStage;
import io.aismush.compress.Compressor;
import io.aismush.context.Calibration;
import io.aismush.context.FitSettings;
import io.aismush.context.Fitter;
import io.aismush.context.TokenEstimator;
import io.aismush.pipeline.Stage;
import io.aismush.pipeline.Pipeline;
import io.aismush.providers.Health;
import io.aismush.providers.ProviderChain;
import io.aismush.providers.Upstream;
import io.aismush.routing.RouteStage;
import io.aismush.routing.Router;
import io.aismush.routing.RoutingConfig;
import io.aismush.routing.StickyRoutes;
import io.aismush.routing.TurnScanner;
import io.aismush.storage.Recorder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one place where the server, the pipeline and the stores are wired together. Start it, serve, close it; the
 * tests run it in-process exactly as {@code aismush} runs it.
 */
public final class AismushServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AismushServer.class);

    private final Config config;
    private final Server server;
    private final Upstream upstream;
    private final Recorder recorder;
    private final LiveStats stats = new LiveStats();
    private final RecentRecords recent = new RecentRecords(1_000);
    private final ProxyHandler proxy;
    private final Instant startedAt = Instant.now();
    private final io.aismush.http.EventStream events = new io.aismush.http.EventStream(); // the dashboard's live feed
    private final Health health;
    private final RoutingConfig routing;
    private final Bookkeeping books; // costs, savings, request history, /metrics
    private final io.aismush.memory.Memories memories; // persistent memory; null when off
    private final io.aismush.memory.SessionSummaries summaries; // idle-session summary; null when off

    public AismushServer(Config config) {
        this(config, java.time.InstantSource.system());
    }

    /** As {@link #AismushServer(Config)}, with the clock persistent memory reads (tests move it). */
    public AismushServer(Config config, java.time.InstantSource memoryClock) {
        io.aismush.config.TeamMode.requireToken(config.host(), config.accessToken()); // before anything opens
        this.config = config;
        this.upstream = new Upstream(config.connectTimeout(), config.firstByteTimeout(), config.streamIdleTimeout());
        this.books = new Bookkeeping(config, events);
        this.recorder = new Recorder(16_384, List.<Consumer<RequestRecord>>of(stats, recent, new RequestLog(), books.accounting()));

        this.health = Health.standard();
        var providers = Providers.build(config, upstream);
        var router = new Router(Providers.routingConfig(config, providers.keySet()));
        // persistent memory, and its idle-session summary on the cheap provider (none in direct mode)
        var cheap = router.config().cheapProvider() == null ? null : providers.get(router.config().cheapProvider());
        this.memories = MemoryWiring.memories(config, books.store(), memoryClock, cheap);
        this.summaries = MemoryWiring.summaries(memories, cheap, recorder, memoryClock);
        var calibration = new Calibration();
        var c = config.compression();
        var stages = new java.util.ArrayList<Stage>();
        if (c.enabled()) stages.add(new CompressStage(new Compressor(c.stripComments()), TokenEstimator.standard()));
        if (memories != null) stages.add(new io.aismush.memory.RememberStage(memories));
        stages.add(new RouteStage(new TurnScanner(calibration.estimator(router.config().cheapProvider(), null)), router,
                new StickyRoutes(router.config().minDwellSteps())));
        var fitter = new Fitter(new FitSettings(c.trimAtTokens(), router.config().cheapWindowTokens(), 0.8), calibration);
        var pipeline = new Pipeline(stages, new ProviderChain(providers, health, router.config().cheapProvider(), fitter));
        this.routing = router.config();
        this.proxy = new ProxyHandler(pipeline, config.maxBodyBytes(), config.maxInFlight(), recorder::record);

        // Requests run on virtual threads, one each; Jetty's acceptor, selector and the non-blocking tasks it runs
        // between reads keep a few platform threads, the shape Jetty's guide recommends. The VirtualThreadPool runs at
        // most 200 tasks at once by default and queues the rest: the 201st stream would wait for another to end, and
        // the in-flight cap (529) could never trigger. The cap decides instead; the headroom serves /health and the
        // 529 answers.
        var requests = new VirtualThreadPool(config.maxInFlight() + 256);
        requests.setName("aismush");
        var threads = new QueuedThreadPool(16, 2);
        threads.setName("aismush-io");
        threads.setVirtualThreadsExecutor(requests);
        this.server = new Server(threads);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setSendXPoweredBy(false);
        var connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(Duration.ofMinutes(15).toMillis());
        // The JDK's default listen backlog is 50: a burst of new connections beyond it (many sessions or subagents
        // starting at once, a gateway's clients) is dropped by the kernel and clients see failed connections.
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        books.watch(recorder, health, proxy::inFlight);
        server.setErrorHandler(new JsonErrors());
        server.setHandler(Dashboard.routes(config, proxy, this::health, this::stats,
                MemoryWiring.endpoints(books.api(), memories, config), chatModelsOnce(config, books.accounting().meter().prices()), events));
        server.setStopTimeout(Duration.ofSeconds(5).toMillis());
    }

    /** Starts listening; returns once the port is bound. */
    public AismushServer start() throws Exception {
        server.start();
        upstream.prepare();
        books.openStore();
        log.info("aismush {} listening on http://{}:{} (Anthropic upstream {}){}", BuildInfo.version(), config.host(), port(),
                config.anthropicBaseUrl(), config.teamMode() ? "; team mode: every request needs the access token" : "");
        return this;
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Requests being served right now. */
    public int inFlight() {
        return proxy.inFlight();
    }

    /** Dashboards listening on {@code /events} right now. */
    public int eventClients() {
        return events.clients();
    }

    public LiveStats liveStats() {
        return stats;
    }

    /** The OpenAI-format model list, made once from the price table the meter loaded. */
    private static java.util.function.Supplier<List<String>> chatModelsOnce(Config config, io.aismush.metering.PriceTable prices) {
        List<String> models = Providers.chatModels(config, prices);
        return () -> models;
    }

    /** The last thousand request records, newest last. */
    public List<RequestRecord> recentRecords() {
        return recent.snapshot();
    }

    public Recorder recorder() {
        return recorder;
    }

    /** The database writer, or null when request history is off. */
    public io.aismush.storage.RecordWriter recordWriter() {
        return books.writer();
    }

    /** The memory feature, or null when it is off (tests read it). */
    public io.aismush.memory.Memories memories() {
        return memories;
    }

    /** The idle-session summary, or null when it is off (tests run it). */
    public io.aismush.memory.SessionSummaries summaries() {
        return summaries;
    }

    private Map<String, Object> health() {
        var out = new LinkedHashMap<String, Object>();
        out.put("status", "ok");
        out.put("service", "aismush");
        out.put("version", BuildInfo.version());
        out.put("uptime_seconds", Duration.between(startedAt, Instant.now()).toSeconds());
        out.put("in_flight", proxy.inFlight());
        out.put("upstreams", Map.of("anthropic", config.anthropicBaseUrl().toString()));
        out.put("routing", routing.direct() ? "direct" : routing.forceProvider() != null ? "forced: " + routing.forceProvider()
                : routing.cheapProvider() == null ? "claude only (no cheap provider configured)" : "auto (cheap provider: " + routing.cheapProvider() + ")");
        out.put("providers", health.snapshot());
        return out;
    }

    private Map<String, Object> stats() {
        var out = new LinkedHashMap<>(stats.snapshot());
        out.put("in_flight", proxy.inFlight());
        out.put("records_dropped", recorder.dropped());
        out.putAll(books.stats());
        return out;
    }

    /**
     * Stops gracefully: refuses new connections at once (and answers 529 to new requests on open ones), lets the
     * requests in flight finish for up to {@code shutdownDrain}, ends those still running with an error event, then
     * stores every record before the database closes.
     */
    @Override
    public void close() throws Exception {
        try {
            events.close(); // open event streams would hold up the graceful stop
            for (var connector : server.getConnectors()) {
                if (connector instanceof NetworkConnector listening) listening.close(); // no new connections
            }
            int inFlight = proxy.inFlight();
            if (inFlight > 0) log.info("stopping: {} request(s) in flight, waiting up to {} s for them", inFlight, config.shutdownDrain().toSeconds());
            proxy.drain(config.shutdownDrain());
            server.stop();
        } finally {
            if (summaries != null) summaries.close(); // before the recorder, which takes its last record
            recorder.close();
            if (memories != null) memories.close();
            books.close();
            upstream.close();
        }
    }
}
