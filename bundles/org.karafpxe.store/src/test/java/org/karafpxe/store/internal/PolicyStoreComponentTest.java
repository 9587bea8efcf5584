package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.StorageException;

/** The DS component outside a framework: its reference set as SCR would set it. */
public class PolicyStoreComponentTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static PolicyStoreComponent component(DataSource dataSource) throws Exception {
        PolicyStoreComponent component = new PolicyStoreComponent();
        Field field = PolicyStoreComponent.class.getDeclaredField("dataSource");
        field.setAccessible(true);
        field.set(component, dataSource);
        return component;
    }

    @Test
    public void anActiveComponentIsTheStore() throws Exception {
        String url = TestDatabase.h2Url(new File(tmp.newFolder(), "store"));
        PolicyStoreComponent component = component(TestDatabase.h2(url));
        component.activate();
        try {
            Device d = component.add(DeviceDraft.builder("lab-1").mac("52:54:00:12:34:56").build());
            assertEquals(Optional.of(d), component.match(Optional.empty(), MacAddress.parse("525400123456").orElseThrow()));
        } finally {
            try (Connection c = TestDatabase.h2(url).getConnection()) {
                c.createStatement().execute("SHUTDOWN");
            }
        }
    }

    @Test
    public void anUnreachableDatabaseStopsActivationWithWhatToCheck() throws Exception {
        PolicyStoreComponent component = component(new Unreachable());
        StorageException e = assertThrows(StorageException.class, component::activate);
        assertEquals("cannot open the policy store: the policy database is unreachable or refused the login: "
                + "Connection to db.example:5432 refused (SQL state 08001). Check the url, user and password of "
                + "the pxe data source (etc/org.ops4j.datasource-pxe.cfg) and that the database is running",
                e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);
    }

    /** A data source whose database is down, as pgjdbc reports it. */
    private static final class Unreachable implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLNonTransientConnectionException("Connection to db.example:5432 refused", "08001");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
