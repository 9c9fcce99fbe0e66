package io.aismush.routing;

import io.aismush.pipeline.Chain;
import io.aismush.pipeline.Exchange;
import io.aismush.pipeline.Route;
import io.aismush.pipeline.Stage;
import io.aismush.pipeline.UpstreamResponse;

import java.io.IOException;

/**
 * The {@code route} stage: decides which provider serves a Messages turn and why. Other endpoints keep the
 * pass-through route (Anthropic, as the client asked). Background requests do not count as steps of the main
 * conversation; sub-agents are tracked apart from the main loop by their agent id.
 */
public final class RouteStage implements Stage {
    private final TurnScanner scanner;
    private final Router router;
    private final StickyRoutes sticky;

    public RouteStage(TurnScanner scanner, Router router, StickyRoutes sticky) {
        this.scanner = scanner;
        this.router = router;
        this.sticky = sticky;
    }

    @Override
    public UpstreamResponse handle(Exchange exchange, Chain chain) throws IOException {
        if (!exchange.isMessages() || !exchange.method().equals("POST")) return chain.proceed(exchange);
        TurnFeatures features = scanner.scan(exchange.body(), exchange.headers());
        Decision decision = router.decide(features);
        if (!Router.background(features)) {
            String agent = exchange.headers().first("x-claude-code-agent-id").orElse("main");
            String key = features.sessionId() == null ? null : features.sessionId() + "/" + agent;
            decision = sticky.apply(key, decision, features.onlyToolResults());
        }
        RoutingConfig c = router.config();
        boolean fallback = !c.direct() && c.forceProvider() == null && c.cheapProvider() != null;
        return chain.proceed(exchange.withRoute(new Route(decision.provider(), decision.model(), decision.reason(), fallback)));
    }
}
