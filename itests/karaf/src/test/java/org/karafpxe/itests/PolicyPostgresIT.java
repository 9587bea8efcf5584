package org.karafpxe.itests;

import java.sql.Connection;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.junit.Assume;
import org.junit.Before;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.util.Filter;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Every policy rule of {@link PolicyIT} again, with the store on PostgreSQL (the setup of several
 * servers sharing one store), chosen the Karaf way: in {@code etc/org.ops4j.datasource-pxe.cfg}.
 * The database comes from PXE_TEST_POSTGRES_URL/USER/PASSWORD, which {@code .ci/postgres.sh} sets.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyPostgresIT extends PolicyIT {

    private static final String URL = System.getenv("PXE_TEST_POSTGRES_URL");

    @Inject
    @Filter("(dataSourceName=pxe)")
    private DataSource dataSource;

    @Override
    @Configuration
    public Option[] config() {
        if (URL == null) {
            return distribution();
        }
        return distribution(postgresDataSource(URL));
    }

    @Before
    public void needsPostgres() {
        if (System.getenv("PXE_TEST_POSTGRES_URL") == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("PXE_TEST_POSTGRES_URL is not set: CI must run the PostgreSQL tests (.ci/postgres.sh)");
        }
        Assume.assumeTrue("PostgreSQL tests skipped: PXE_TEST_POSTGRES_URL is not set",
                System.getenv("PXE_TEST_POSTGRES_URL") != null);
    }

    @Before
    public void storeIsOnPostgres() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            String url = c.getMetaData().getURL();
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new AssertionError("the store is not on PostgreSQL: " + url);
            }
        }
    }
}
