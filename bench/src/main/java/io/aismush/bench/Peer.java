package io.aismush.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** One contender in the peer comparison: how to launch it in front of the fake upstream. */
sealed interface Peer permits Peer.Direct, Peer.Nginx, Peer.ClaudeCodeRouter, Peer.Aismush {
    String name();

    /** Why it cannot run here, or null when it can. */
    String unavailable();

    /** The client talks to the fake itself: the limit every proxy is measured against. */
    record Direct() implements Peer {
        public String name() {
            return "direct";
        }

        public String unavailable() {
            return null;
        }
    }

    /**
     * nginx as a plain reverse proxy: no buffering either way (each SSE event is passed on as it arrives), HTTP/1.1
     * to the fake with kept-alive upstream connections, no access log. Master and two workers (one per core).
     */
    record Nginx(Path binary, String skipReason) implements Peer {
        public String name() {
            return "nginx";
        }

        public String unavailable() {
            return skipReason != null ? skipReason : binary == null ? "no nginx binary given" : null;
        }

        PeerProcess launch(URI upstream, Path dir) throws IOException {
            int port = ProxyProcess.freePort();
            // the workers may run as another user: let them into the folder (nothing secret is in it)
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            String conf = """
                    worker_processes 2;
                    worker_rlimit_nofile 16384;
                    daemon off;
                    master_process on;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 8192; }
                    http {
                        access_log off;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        keepalive_requests 1000000;
                        keepalive_timeout 120s;
                        client_max_body_size 0;
                        upstream fake {
                            server 127.0.0.1:%2$d;
                            keepalive 1024;
                            keepalive_requests 1000000;
                            keepalive_timeout 120s;
                        }
                        server {
                            listen 127.0.0.1:%3$d backlog=4096;
                            location / {
                                proxy_pass http://fake;
                                proxy_http_version 1.1;
                                proxy_set_header Connection "";
                                proxy_set_header Host $http_host;
                                proxy_buffering off;
                                proxy_request_buffering off;
                                proxy_read_timeout 300s;
                                proxy_send_timeout 300s;
                            }
                        }
                    }
                    """.formatted(dir, upstream.getPort(), port);
            Files.writeString(dir.resolve("nginx.conf"), conf);
            return PeerProcess.start(name(), List.of(binary.toString(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString()),
                    Map.of(), dir, port, PeerProcess.Ready.ACCEPT);
        }
    }

    /**
     * claude-code-router 2.0.0 on Node: one provider whose only transformer is {@code Anthropic} ("preserves the
     * original request and response", its README), pointed at the fake's {@code /v1/messages}, and a default route
     * to that provider with the model name the requests carry, so no request is routed anywhere else. Its config
     * lives under a throwaway HOME; logging off.
     */
    record ClaudeCodeRouter(Path node, Path cli, String skipReason) implements Peer {
        static final String MODEL = "claude-opus-5-5";
        /** The key it is configured to send upstream: visibly not a real one, and unlike the client's. */
        static final String CONFIG_KEY = "sk-ant-" + "ccr-config-not-a-real-key";

        public String name() {
            return "claude-code-router";
        }

        public String unavailable() {
            return skipReason != null ? skipReason : cli == null ? "no claude-code-router given" : null;
        }

        PeerProcess launch(URI upstream, Path dir) throws IOException {
            int port = ProxyProcess.freePort();
            Path home = dir.resolve("home");
            Files.createDirectories(home.resolve(".claude-code-router"));
            // No APIKEY: then it listens on 127.0.0.1 only and asks clients for no key of its own.
            String config = """
                    {
                      "LOG": false,
                      "HOST": "127.0.0.1",
                      "PORT": %d,
                      "NON_INTERACTIVE_MODE": true,
                      "API_TIMEOUT_MS": 600000,
                      "Providers": [
                        {
                          "name": "fake",
                          "api_base_url": "%s/v1/messages",
                          "api_key": "%s",
                          "models": ["%s"],
                          "transformer": { "use": ["Anthropic"] }
                        }
                      ],
                      "Router": { "default": "fake,%s" }
                    }
                    """.formatted(port, upstream.toString().replaceAll("/$", ""), CONFIG_KEY, MODEL, MODEL);
            Files.writeString(home.resolve(".claude-code-router").resolve("config.json"), config);
            return PeerProcess.start(name(), List.of(node.toString(), cli.toString(), "start"),
                    Map.of("HOME", home.toString(), "TMPDIR", dir.toString(), "NO_PROXY", "127.0.0.1,localhost"),
                    dir, port, PeerProcess.Ready.HEALTH);
        }
    }

    /**
     * aismush as {@code bin/aismush} launches it (its JVM flags and AOT cache), full pipeline with its defaults:
     * compression, memory, routing policy, recording to SQLite under a fresh AISMUSH_HOME.
     */
    record Aismush(Path launcher, Path javaHome) implements Peer {
        public String name() {
            return "aismush";
        }

        public String unavailable() {
            return launcher == null ? "no launcher given" : null;
        }

        PeerProcess launch(URI upstream, Path dir, Map<String, String> extraEnv) throws IOException {
            int port = ProxyProcess.freePort();
            var env = new java.util.HashMap<String, String>();
            env.put("PROXY_PORT", Integer.toString(port));
            env.put("AISMUSH_ANTHROPIC_BASE_URL", upstream.toString());
            env.put("AISMUSH_HOME", dir.resolve("home").toString());
            env.put("JAVA_HOME", javaHome.toString());
            env.putAll(extraEnv);
            return PeerProcess.start(name(), List.of(launcher.toString()), env, dir, port, PeerProcess.Ready.HEALTH);
        }
    }
}
