package org.karafpxe.support;

/** A configuration declared as components declare theirs; its metatype is in the test resources. */
@interface SampleConfig {
    boolean enabled() default true;

    int port() default 69;

    long timeout_ms() default 1000;

    String case$() default "exact";

    String address() default "::";

    String relay() default "";

    String mode() default "all";

    String[] names() default {};

    int service_ranking() default 300;
}
