package org.karafpxe.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The policy store's configuration, {@code etc/org.karafpxe.store.cfg}. */
@ObjectClassDefinition(name = "Karaf PXE policy store",
        description = "The store of devices, tasks, banned GUIDs, the pending queue and the audit trail, on the "
                + "data source named pxe (etc/org.ops4j.datasource-pxe.cfg).")
@interface StoreConfig {

    @AttributeDefinition(name = "dataSource.target", description = "Which data source the store uses, as an OSGi "
            + "filter on its service properties.")
    String dataSource_target() default "(dataSourceName=pxe)";

    @AttributeDefinition(name = "audit.retention.days", min = "1", max = "36500", description = "Days the audit "
            + "trail keeps a change (1-36500).")
    int audit_retention_days() default 365;

    @AttributeDefinition(name = "audit.max", min = "1000", max = "10000000", description = "Changes the audit "
            + "trail keeps at most (1000-10000000); beyond, the oldest go first.")
    int audit_max() default 100000;
}
