package org.karafpxe.provider.http.internal;

import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.support.CheckedConfig;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delegates the boot decision to an HTTP service (what pixiecore calls API mode): each request is
 * POSTed to {@code url} as JSON ({@link RequestJson}), and the answer says service, ignore or pass
 * ({@link ServiceAnswer}). A call that fails (timeout, connection, status, malformed answer)
 * decides PASS, or IGNORE with {@code on.error = ignore}, with a reason naming what went wrong.
 * Answers are kept for {@code cache.ttl.s} per request, so a client's retries ask once.
 *
 * <p>The component needs its configuration ({@code etc/org.karafpxe.provider.http.cfg}), and it
 * joins the provider chain only once that names a usable {@code url}: it registers its
 * BootProvider service itself, with {@value BootProvider#NAME} {@value #NAME} and the configured
 * {@code service.ranking}. Registered by Declarative Services, the service would be in the chain
 * with or without a url, and would carry every key of the configuration as a service property,
 * the {@code auth.header} secret included.
 */
@Component(service = {}, immediate = true, configurationPid = HttpDelegateProvider.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = BootProvider.NAME + "=" + HttpDelegateProvider.NAME)
@Designate(ocd = HttpDelegateProvider.Config.class)
public final class HttpDelegateProvider implements BootProvider {
    static final String PID = "org.karafpxe.provider.http";
    static final String NAME = "http";

    private static final Logger LOG = LoggerFactory.getLogger(HttpDelegateProvider.class);

    @ObjectClassDefinition(name = "Karaf PXE HTTP provider",
            description = "Asks an HTTP service how to answer each PXE client: the request is POSTed as JSON, "
                    + "the answer is {\"action\":\"service\",\"bootFile\":\"...\"}, ignore or pass.")
    @interface Config {
        @AttributeDefinition(name = "service.ranking", description = "Place in the provider chain; higher is "
                + "asked first.")
        int service_ranking() default 250;

        @AttributeDefinition(name = "url", description = "The service, http:// or https://. Without it the "
                + "provider is not in the chain.")
        String url();

        @AttributeDefinition(min = "10", max = "5000", name = "timeout.ms", description = "Longest one call may take, connecting included "
                + "(10-5000 ms); keep it under the chain's provider.budget.ms.")
        int timeout_ms() default 200;

        @AttributeDefinition(min = "0", max = "3600", name = "cache.ttl.s", description = "Seconds an answer is reused for the same "
                + "client (0-3600; 0: every request asks the service).")
        int cache_ttl_s() default 30;

        @AttributeDefinition(min = "1", max = "1000000", name = "cache.max", description = "Most answers kept (1-1000000).")
        int cache_max() default 10000;

        @AttributeDefinition(name = "auth.header", type = AttributeType.PASSWORD, required = false,
                description = "A header sent with every call, as is: Authorization: Bearer <token>.")
        String auth_header() default "";

        @AttributeDefinition(name = "on.error", description = "What a failed call decides: pass (the next "
                + "provider decides) or ignore (no answer from this server).",
                options = {@Option(label = "pass", value = "pass"), @Option(label = "ignore", value = "ignore")})
        String on_error() default "pass";
    }

    private final LongSupplier nanoClock;
    private final DelegateCounters counters = new DelegateCounters();
    private final AtomicBoolean failing = new AtomicBoolean();
    /** The service to ask; null without a usable url. */
    private volatile ServiceEndpoint endpoint;
    // Lifecycle state: Declarative Services never runs activate, modified and deactivate at once.
    private BundleContext context;
    private ServiceRegistration<BootProvider> registration;

    public HttpDelegateProvider() {
        this(System::nanoTime);
    }

    HttpDelegateProvider(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The raw properties only name a refused value; see {@link CheckedConfig}. */
    @Activate
    void activate(BundleContext bundleContext, Config config, Map<String, Object> properties) {
        context = bundleContext;
        configure(CheckedConfig.of(Config.class, config, properties));
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        configure(CheckedConfig.of(Config.class, config, properties));
    }

    @Deactivate
    void deactivate() {
        String summary = toString();
        unregister();
        ServiceEndpoint old = endpoint;
        endpoint = null;
        if (old != null) {
            old.close();
        }
        context = null;
        LOG.info("{}; stopped", summary);
    }

    /** Takes a configuration: a new endpoint (and an empty cache), and the service registered or not. */
    void configure(CheckedConfig<Config> checked) {
        HttpSettings next = HttpSettings.from(checked);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
        ServiceEndpoint old = endpoint;
        ServiceEndpoint fresh = next.usable() ? new ServiceEndpoint(next) : null;
        endpoint = fresh;
        failing.set(false);
        if (old != null) {
            old.close();
        }
        publish(next);
        if (fresh == null) {
            LOG.warn("HTTP provider: no usable url in etc/{}.cfg; not in the provider chain until there is one", PID);
            return;
        }
        LOG.info("HTTP provider: asks {} about each PXE request, within {} ms; answers kept {}; {}; on error: {}; "
                        + "ranking {}", fresh.shownUrl(), next.timeoutMillis(),
                next.cacheTtlSeconds() == 0 ? "never" : next.cacheTtlSeconds() + " s (at most " + next.cacheMax() + ")",
                next.authHeader().map(h -> "header " + h).orElse("no auth header"), next.onError().key(),
                next.ranking());
    }

    @Override
    public Decision decide(BootRequest request) {
        counters.request();
        ServiceEndpoint service = endpoint;
        if (service == null) {
            return Decision.pass(ServiceAnswer.WHO + ": no usable url in etc/" + PID + ".cfg");
        }
        AnswerCache cache = service.cache();
        String key = cache.enabled() ? RequestJson.cacheKey(request) : null;
        if (key != null) {
            Optional<Decision> cached = cache.get(key, nanoClock.getAsLong());
            if (cached.isPresent()) {
                counters.cacheHit();
                return cached.get();
            }
        }
        ServiceAnswer.Result result = service.call(RequestJson.encode(request));
        if (result instanceof ServiceAnswer.Answer answer) {
            counters.answered(answer.how());
            if (failing.compareAndSet(true, false)) {
                LOG.info("HTTP provider: {} answers again", service.shownUrl());
            }
            // A dry run may read what clients would get, but does not change it.
            if (key != null && !request.dryRun()) {
                cache.put(key, withReason(answer.decision(), answer.decision().reason() + " [cached]"),
                        nanoClock.getAsLong());
            }
            return answer.decision();
        }
        ServiceAnswer.Failure failure = (ServiceAnswer.Failure) result;
        counters.error(failure.kind());
        HttpSettings.OnError onError = service.settings().onError();
        String then = onError == HttpSettings.OnError.IGNORE ? "ignoring the client (on.error = ignore)" : "passing on";
        if (failing.compareAndSet(false, true)) {
            LOG.warn("HTTP provider: {} failed for {}: {}; {} (further failures are logged at DEBUG until it "
                    + "answers again)", service.shownUrl(), request.mac(), failure.what(), then);
        } else {
            LOG.debug("HTTP provider: {} failed for {}: {}; {}", service.shownUrl(), request.mac(), failure.what(), then);
        }
        String reason = ServiceAnswer.WHO + " failed: " + failure.what() + "; " + then;
        return onError == HttpSettings.OnError.IGNORE ? Decision.ignore(reason) : Decision.pass(reason);
    }

    private static Decision withReason(Decision d, String reason) {
        if (d instanceof Decision.Service s) {
            return Decision.service(s.answer(), reason);
        }
        return d instanceof Decision.Ignore ? Decision.ignore(reason) : Decision.pass(reason);
    }

    private void publish(HttpSettings s) {
        if (context == null) {
            return;
        }
        if (!s.usable()) {
            unregister();
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(BootProvider.NAME, NAME);
        properties.put(Constants.SERVICE_RANKING, s.ranking());
        properties.put(Constants.SERVICE_DESCRIPTION, "Boot decisions from " + HttpSettings.shown(s.url().get()));
        if (registration == null) {
            registration = context.registerService(BootProvider.class, this, properties);
        } else {
            registration.setProperties(properties);
        }
    }

    private void unregister() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // Already gone with the bundle.
        }
        registration = null;
    }

    DelegateCounters counters() {
        return counters;
    }

    /** Whether the BootProvider service is registered, for tests. */
    boolean registered() {
        return registration != null;
    }

    @Override
    public String toString() {
        ServiceEndpoint service = endpoint;
        return "HTTP provider (" + (service == null ? "no url" : service.shownUrl()) + "): " + counters;
    }
}
