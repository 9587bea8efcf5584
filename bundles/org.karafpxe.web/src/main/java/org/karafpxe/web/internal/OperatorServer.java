package org.karafpxe.web.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import org.karafpxe.dhcp.service.DhcpService;
import org.karafpxe.engine.BootChain;
import org.karafpxe.http.HttpBootFiles;
import org.karafpxe.store.AuditTrail;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.StoreStatistics;
import org.karafpxe.support.CheckedConfig;
import org.karafpxe.tftp.TftpService;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's port: the web console, the REST API, the live events and the metrics on a port of
 * their own, bound where {@code etc/org.karafpxe.web.cfg} says (this host only by default). Each
 * service it shows may come and go; the API answers 503 for one that is away.
 */
@Component(configurationPid = OperatorServer.PID, immediate = true, service = {})
@Designate(ocd = WebConfig.class)
public final class OperatorServer implements Services {
    static final String PID = "org.karafpxe.web";
    private static final Logger LOG = LoggerFactory.getLogger(OperatorServer.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BootChain chain;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PolicyStore store;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PendingDevices pending;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StoreStatistics storeStatistics;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DhcpService dhcp;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TftpService tftp;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HttpBootFiles http;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurationAdmin;

    private EventLoopGroup loop;
    private EventExecutorGroup workers;
    private ScheduledExecutorService timer;
    private EventStream events;
    private Channel server;
    private boolean mbean;

    @Activate
    void activate(WebConfig config, Map<String, Object> properties) {
        start(CheckedConfig.of(WebConfig.class, config, properties));
    }

    @Modified
    synchronized void modified(WebConfig config, Map<String, Object> properties) {
        stop();
        start(CheckedConfig.of(WebConfig.class, config, properties));
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    private synchronized void start(CheckedConfig<WebConfig> checked) {
        WebConfig c = checked.config();
        InetAddress address = checked.address(WebConfig::address);
        checked.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
        Metrics metrics = new Metrics(this);
        registerMBean(metrics);
        if (!c.enabled()) {
            LOG.info("Operator's port off (enabled = false in etc/{}.cfg): no web console, API or metrics", PID);
            return;
        }
        SslContext tls = null;
        String certificate = checked.text(WebConfig::tls_certificate);
        String key = checked.text(WebConfig::tls_key);
        if (certificate != null || key != null) {
            try {
                if (certificate == null || key == null) {
                    throw new IllegalArgumentException("give both tls.certificate and tls.key, or neither");
                }
                tls = SslContextBuilder.forServer(new File(certificate), new File(key)).build();
            } catch (Exception e) {
                LOG.error("etc/{}.cfg: cannot serve HTTPS with tls.certificate {} and tls.key {}: {}. The operator's "
                        + "port stays closed rather than serve the API in the clear.", PID, certificate, key,
                        e.getMessage());
                return;
            }
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pxe-web-events");
            t.setDaemon(true);
            return t;
        });
        // One reader of the neighbour table for the API and the live events.
        Neighbours neighbours = new Neighbours();
        events = new EventStream(this, timer, c.events_max(), neighbours);
        Logins logins = new Logins(c.realm(), c.role_write(), c.role_read(),
                TimeUnit.MINUTES.toNanos(c.session_idle_min()), c.sessions_max());
        OperatorHandler handler = new OperatorHandler(new Api(this, neighbours), logins, events, metrics, c.metrics_login(),
                tls != null);
        loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new DefaultEventExecutorGroup(4);
        AtomicInteger open = new AtomicInteger();
        int maxConnections = c.connections_max();
        int maxBody = c.body_max_kb() * 1024;
        SslContext sslContext = tls;
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > maxConnections) {
                            open.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ChannelPipeline p = ch.pipeline();
                        if (sslContext != null) {
                            p.addLast(sslContext.newHandler(ch.alloc()));
                        }
                        p.addLast(new IdleStateHandler(0, 0, 120, TimeUnit.SECONDS));
                        p.addLast(new HttpServerCodec(4096, 16384, 8192));
                        p.addLast(new HttpServerKeepAliveHandler());
                        p.addLast(new HttpObjectAggregator(maxBody));
                        p.addLast(workers, handler);
                    }
                });
        try {
            server = bootstrap.bind(new InetSocketAddress(address, c.port())).sync().channel();
            LOG.info("Operator's port: web console, API and metrics at {}://{}:{}/", tls != null ? "https" : "http",
                    address.getHostAddress(), c.port());
        } catch (Exception e) {
            LOG.error("Operator's port: cannot listen on {} port {}: {}. Change address or port in etc/{}.cfg.",
                    address.getHostAddress(), c.port(), e.getMessage(), PID);
            stop();
        }
    }

    private void registerMBean(Metrics metrics) {
        try {
            MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
            if (platform.isRegistered(MetricsMBean.objectName())) {
                platform.unregisterMBean(MetricsMBean.objectName());
            }
            platform.registerMBean(new MetricsMBean(metrics), MetricsMBean.objectName());
            mbean = true;
        } catch (Exception e) {
            LOG.warn("The metrics are not offered over JMX: {}", e.toString());
        }
    }

    private synchronized void stop() {
        if (events != null) {
            events.close();
            events = null;
        }
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        if (loop != null) {
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            loop = null;
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers = null;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (mbean) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(MetricsMBean.objectName());
            } catch (Exception e) {
                LOG.debug("Metrics MBean", e);
            }
            mbean = false;
        }
    }

    @Override
    public BootChain chain() {
        return chain;
    }

    @Override
    public PolicyStore store() {
        return store;
    }

    @Override
    public PendingDevices pending() {
        return pending;
    }

    @Override
    public AuditTrail audit() {
        return audit;
    }

    @Override
    public StoreStatistics storeStatistics() {
        return storeStatistics;
    }

    @Override
    public DhcpService dhcp() {
        return dhcp;
    }

    @Override
    public TftpService tftp() {
        return tftp;
    }

    @Override
    public HttpBootFiles http() {
        return http;
    }

    @Override
    public ConfigurationAdmin configurationAdmin() {
        return configurationAdmin;
    }
}
