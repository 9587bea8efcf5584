package org.karafpxe.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ObjectName;

/**
 * The same figures as {@code /metrics}, for JMX ({@value #NAME}): one read-only attribute per
 * sample, named as Prometheus names it ({@code pxe_requests_total{port="67",...}}). The server's own
 * families only; the JVM's are in the platform's MBeans already.
 */
final class MetricsMBean implements DynamicMBean {
    static final String NAME = "org.karafpxe:type=Metrics";

    private final Metrics metrics;

    MetricsMBean(Metrics metrics) {
        this.metrics = metrics;
    }

    static ObjectName objectName() {
        try {
            return new ObjectName(NAME);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Double> values() {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Metrics.Family f : metrics.collect()) {
            if (!f.name().startsWith("pxe_")) {
                continue;
            }
            for (Metrics.Point p : f.points()) {
                values.put(Metrics.sampleName(f.name(), p), p.value());
            }
        }
        return values;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Double value = values().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException("no figure " + attribute);
        }
        return value;
    }

    @Override
    public void setAttribute(Attribute attribute) {
        throw new UnsupportedOperationException("the figures are read-only");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Double> values = values();
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            Double v = values.get(a);
            if (v != null) {
                list.add(new Attribute(a, v));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        for (String name : values().keySet()) {
            attributes.add(new MBeanAttributeInfo(name, Double.class.getName(), name, true, false, false));
        }
        return new MBeanInfo(getClass().getName(), "Karaf PXE: the figures of /metrics",
                attributes.toArray(new MBeanAttributeInfo[0]), null, new MBeanOperationInfo[0], null);
    }
}
