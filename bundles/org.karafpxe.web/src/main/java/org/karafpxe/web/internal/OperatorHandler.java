package org.karafpxe.web.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.karafpxe.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's port, one request at a time per connection: the page's files, the login, the
 * event stream, the metrics, and the API behind the login. It runs on a thread of its own group, not
 * on the event loop: the API reads the store.
 */
@ChannelHandler.Sharable
final class OperatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorHandler.class);
    static final String COOKIE = "pxe_session";
    /** Sent by the page on every request: a cross-site form cannot send it, so a cookie alone changes nothing. */
    static final String REQUESTED_WITH = "X-Requested-With";
    static final String PAGE_MARK = "karaf-pxe";
    /** A refused login is answered after this, to slow password guessing. */
    static final long REFUSAL_DELAY_MS = 1000;
    private static final Map<String, String> FILES = Map.of("/", "index.html", "/index.html", "index.html",
            "/app.js", "app.js", "/app.css", "app.css");

    private final Api api;
    private final Logins logins;
    private final EventStream events;
    private final Metrics metrics;
    private final boolean metricsLogin;
    private final boolean tls;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final LoginThrottle throttle = new LoginThrottle();

    OperatorHandler(Api api, Logins logins, EventStream events, Metrics metrics, boolean metricsLogin, boolean tls) {
        this.api = api;
        this.logins = logins;
        this.events = events;
        this.metrics = metrics;
        this.metricsLogin = metricsLogin;
        this.tls = tls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, ApiReply.error(400, "not an HTTP request this server reads"), null, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        String method = request.method().name();
        try {
            String file = FILES.get(path);
            if (file != null && (method.equals("GET") || method.equals("HEAD"))) {
                send(ctx, request, file(file), null, true);
                return;
            }
            if (path.equals("/api/session")) {
                session(ctx, request, method);
                return;
            }
            boolean fromPage = PAGE_MARK.equals(request.headers().get(REQUESTED_WITH));
            Optional<String> token = cookie(request);
            Optional<Caller> caller = token.flatMap(logins::session);
            boolean byCookie = caller.isPresent();
            String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (caller.isEmpty() && authorization != null) {
                if (!throttle.allowed(client(ctx), System.nanoTime())) {
                    send(ctx, request, throttled(ctx), null, false);
                    return;
                }
                caller = logins.basic(authorization);
                noteLogin(ctx, caller.isPresent());
            }
            if (path.equals("/metrics") && method.equals("GET") && !metricsLogin) {
                send(ctx, request, ApiReply.text(200, "text/plain; version=0.0.4; charset=utf-8",
                        Metrics.text(metrics.collect())), null, true);
                return;
            }
            if (caller.isEmpty()) {
                boolean triedPassword = request.headers().contains(HttpHeaderNames.AUTHORIZATION);
                ApiReply refused = ApiReply.error(401, "log in first: a user of the server's JAAS realm (the "
                        + "console's users), as a session (POST /api/session) or with HTTP Basic authentication");
                Runnable answer = () -> send(ctx, request, refused, fromPage ? null
                        : "Basic realm=\"Karaf PXE\", charset=\"UTF-8\"", true);
                delayIf(ctx, triedPassword, answer);
                return;
            }
            Caller who = caller.get();
            if (!who.canRead()) {
                send(ctx, request, ApiReply.error(403, "user '" + who.user() + "' has neither the role that may look "
                        + "nor the one that may change (role.read, role.write in etc/org.karafpxe.web.cfg)"), null, true);
                return;
            }
            if (byCookie && !method.equals("GET") && !fromPage) {
                send(ctx, request, ApiReply.error(403, "a change made with the session cookie must carry the header "
                        + REQUESTED_WITH + ": " + PAGE_MARK), null, true);
                return;
            }
            if (path.equals("/api/events") && method.equals("GET")) {
                stream(ctx, request);
                return;
            }
            if (path.equals("/metrics") && method.equals("GET")) {
                send(ctx, request, ApiReply.text(200, "text/plain; version=0.0.4; charset=utf-8",
                        Metrics.text(metrics.collect())), null, true);
                return;
            }
            if (path.equals("/api/openapi.json") && method.equals("GET")) {
                send(ctx, request, file("openapi.json"), null, true);
                return;
            }
            if (path.startsWith("/api/")) {
                String body = request.content().toString(StandardCharsets.UTF_8);
                send(ctx, request, api.handle(method, path, uri.parameters(), body, who), null, true);
                return;
            }
            send(ctx, request, ApiReply.error(404, "nothing at " + path + ": the page is at /, the API under /api/"),
                    null, true);
        } catch (RuntimeException e) {
            LOG.warn("Operator's port: {} {} failed", method, path, e);
            send(ctx, request, ApiReply.error(500, "the server failed: " + e), null, true);
        }
    }

    private void session(ChannelHandlerContext ctx, FullHttpRequest request, String method) {
        Optional<String> token = cookie(request);
        switch (method) {
            case "GET" -> {
                Optional<Caller> caller = token.flatMap(logins::session);
                send(ctx, request, caller.map(c -> ApiReply.json(200, who(c)))
                        .orElse(ApiReply.error(401, "not logged in")), null, true);
            }
            case "DELETE" -> {
                token.ifPresent(logins::close);
                send(ctx, request, ApiReply.noContent(), cookieHeader("", 0), true);
            }
            case "POST" -> {
                Object body;
                try {
                    body = Json.parse(request.content().toString(StandardCharsets.UTF_8));
                } catch (Json.MalformedException e) {
                    send(ctx, request, ApiReply.error(400, "the body is not JSON: " + e.getMessage()), null, true);
                    return;
                }
                if (!(body instanceof Map<?, ?> m) || !(m.get("user") instanceof String user)
                        || !(m.get("password") instanceof String password)) {
                    send(ctx, request, ApiReply.error(400, "give {\"user\": ..., \"password\": ...}"), null, true);
                    return;
                }
                if (!throttle.allowed(client(ctx), System.nanoTime())) {
                    send(ctx, request, throttled(ctx), null, false);
                    return;
                }
                Optional<Caller> caller = logins.login(user, password.toCharArray());
                noteLogin(ctx, caller.isPresent());
                if (caller.isEmpty()) {
                    delayIf(ctx, true, () -> send(ctx, request, ApiReply.error(401, "user or password refused by the "
                            + "realm"), null, true));
                    return;
                }
                String opened = logins.open(caller.get());
                send(ctx, request, ApiReply.json(200, who(caller.get())), cookieHeader(opened, -1), true);
            }
            default -> send(ctx, request, ApiReply.error(405, method + " is not allowed on /api/session"), null, true);
        }
    }

    private static InetAddress client(ChannelHandlerContext ctx) {
        return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    }

    private void noteLogin(ChannelHandlerContext ctx, boolean accepted) {
        if (accepted) {
            throttle.accepted(client(ctx));
        } else {
            throttle.refused(client(ctx), System.nanoTime());
        }
    }

    private static ApiReply throttled(ChannelHandlerContext ctx) {
        return ApiReply.error(429, LoginThrottle.FAILURES + " logins from " + client(ctx).getHostAddress()
                + " were refused within " + LoginThrottle.WINDOW_S + " s: try again in a minute");
    }

    private static Map<String, Object> who(Caller c) {
        return Views.ordered("user", c.user(), "roles", List.copyOf(c.roles()), "canWrite", c.canWrite());
    }

    private String cookieHeader(String token, long maxAge) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, token);
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        cookie.setSecure(tls);
        if (maxAge >= 0) {
            cookie.setMaxAge(maxAge);
        }
        return "cookie:" + ServerCookieEncoder.STRICT.encode(cookie);
    }

    private static Optional<String> cookie(FullHttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null || header.length() > 8192) {
            return Optional.empty();
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
            if (c.name().equals(COOKIE)) {
                return Optional.of(c.value());
            }
        }
        return Optional.empty();
    }

    private static void delayIf(ChannelHandlerContext ctx, boolean delay, Runnable answer) {
        if (delay) {
            ctx.executor().schedule(answer, REFUSAL_DELAY_MS, TimeUnit.MILLISECONDS);
        } else {
            answer.run();
        }
    }

    private void stream(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders h = head.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        secure(h);
        ctx.writeAndFlush(head);
        if (!events.add(ctx.channel())) {
            ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultLastHttpContent(Unpooled.copiedBuffer(
                    "event: refused\ndata: " + Json.write(Map.of("error", "too many live event streams (events.max)"))
                            + "\n\n", StandardCharsets.UTF_8))).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private ApiReply file(String name) {
        byte[] bytes = cache.computeIfAbsent(name, n -> {
            try (InputStream in = OperatorHandler.class.getResourceAsStream("/web/" + n)) {
                return in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (bytes.length == 0) {
            return ApiReply.error(404, "the bundle has no " + name);
        }
        String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                : name.endsWith(".js") ? "text/javascript; charset=utf-8"
                : name.endsWith(".css") ? "text/css; charset=utf-8" : ApiReply.JSON;
        return new ApiReply(200, type, bytes);
    }

    /**
     * Writes a reply. {@code extra} is a header to add: "cookie:..." sets the session cookie, anything
     * else is a WWW-Authenticate challenge.
     */
    private void send(ChannelHandlerContext ctx, FullHttpRequest request, ApiReply reply, String extra, boolean keep) {
        boolean head = request.method().name().equals("HEAD");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()),
                head || reply.status() == 204 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        HttpHeaders h = response.headers();
        if (reply.status() != 204) {
            h.set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, head || reply.status() == 204 ? 0 : reply.body().length);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        secure(h);
        if (extra != null) {
            if (extra.startsWith("cookie:")) {
                h.add(HttpHeaderNames.SET_COOKIE, extra.substring("cookie:".length()));
            } else {
                h.set(HttpHeaderNames.WWW_AUTHENTICATE, extra);
            }
        }
        boolean keepAlive = keep && HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void secure(HttpHeaders h) {
        h.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Operator's port: {}", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
