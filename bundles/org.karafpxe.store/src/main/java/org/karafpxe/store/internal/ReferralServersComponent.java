package org.karafpxe.store.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.karafpxe.store.Referral;
import org.karafpxe.store.ReferralServers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The referral servers' addresses as a service: names are looked up on one background thread,
 * when first met and again every {@value #REFRESH_SECONDS} s, so that a request never waits for DNS.
 */
@Component(service = ReferralServers.class)
public final class ReferralServersComponent implements ReferralServers {
    static final long REFRESH_SECONDS = 60;

    private ScheduledExecutorService lookups;
    private ReferralResolver resolver;

    @Activate
    void activate() {
        lookups = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pxe-referral-lookups");
            t.setDaemon(true);
            return t;
        });
        resolver = new ReferralResolver(InetAddress::getAllByName, lookups, System::currentTimeMillis);
        lookups.scheduleWithFixedDelay(resolver::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        lookups.shutdownNow();
    }

    @Override
    public Inet4Address check(String server) {
        return resolver.check(server);
    }

    @Override
    public Referral resolve(String server) {
        return resolver.resolve(server);
    }
}
