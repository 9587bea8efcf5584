package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** How the store tells databases apart and names them in its log. */
public class DialectTest {

    @Test
    public void loggedUrlsLeaveOutTheirParameters() {
        assertEquals("jdbc:postgresql://db.example:5432/pxe",
                JdbcPolicyStore.withoutParameters("jdbc:postgresql://db.example:5432/pxe?user=pxe&password=secret"));
        assertEquals("jdbc:h2:file:/var/pxe/store",
                JdbcPolicyStore.withoutParameters("jdbc:h2:file:/var/pxe/store;WRITE_DELAY=0;PASSWORD=secret"));
        assertEquals("jdbc:h2:mem:x", JdbcPolicyStore.withoutParameters("jdbc:h2:mem:x"));
    }

    @Test
    public void dialectsAreToldByProductName() {
        assertEquals(Dialect.H2, Dialect.of("H2"));
        assertEquals(Dialect.POSTGRESQL, Dialect.of("PostgreSQL"));
        assertEquals(Dialect.UNKNOWN, Dialect.of("MySQL"));
        assertEquals(Dialect.UNKNOWN, Dialect.of(null));
    }
}
