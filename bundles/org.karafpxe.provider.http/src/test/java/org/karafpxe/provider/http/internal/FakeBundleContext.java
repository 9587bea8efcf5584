package org.karafpxe.provider.http.internal;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Just enough of a framework to see what the provider registers: registerService and its registration. */
final class FakeBundleContext {
    private int registrations;
    private int unregistrations;
    private Object service;
    private Map<String, Object> properties = Map.of();

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    registrations++;
                    service = args[1];
                    properties = copy((Dictionary<?, ?>) args[2]);
                    return registration();
                });
    }

    private ServiceRegistration<?> registration() {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setProperties" -> properties = copy((Dictionary<?, ?>) args[0]);
                        case "unregister" -> unregistrations++;
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }

    private static Map<String, Object> copy(Dictionary<?, ?> d) {
        Map<String, Object> m = new HashMap<>();
        for (Object key : Collections.list(d.keys())) {
            m.put((String) key, d.get(key));
        }
        return m;
    }

    int registrations() {
        return registrations;
    }

    int unregistrations() {
        return unregistrations;
    }

    Object service() {
        return service;
    }

    Map<String, Object> properties() {
        return properties;
    }
}
