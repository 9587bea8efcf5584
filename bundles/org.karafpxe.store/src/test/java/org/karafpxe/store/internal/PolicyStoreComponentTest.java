package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.ImportException;
import org.karafpxe.store.InvalidValueException;
import org.karafpxe.store.StorageException;
import org.karafpxe.support.CheckedConfig;

/** The DS component outside a framework: its reference set as SCR would set it. */
public class PolicyStoreComponentTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static PolicyStoreComponent component(DataSource dataSource) throws Exception {
        PolicyStoreComponent component = new PolicyStoreComponent();
        Field field = PolicyStoreComponent.class.getDeclaredField("dataSource");
        field.setAccessible(true);
        field.set(component, dataSource);
        Field referrals = PolicyStoreComponent.class.getDeclaredField("referrals");
        referrals.setAccessible(true);
        referrals.set(component, new ReferralResolver(name -> {
            if (name.equals("wds2.lab.example")) {
                return new InetAddress[] {InetAddress.getByName("192.0.2.8")};
            }
            throw new UnknownHostException(name + ": Name or service not known");
        }, Runnable::run, System::currentTimeMillis));
        return component;
    }

    @Test
    public void anActiveComponentIsTheStore() throws Exception {
        String url = TestDatabase.h2Url(new File(tmp.newFolder(), "store"));
        PolicyStoreComponent component = component(TestDatabase.h2(url));
        component.activate(CheckedConfig.typed(StoreConfig.class, Map.of()), Map.of());
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
    public void aReferralServerThatCannotBeUsedIsRefusedWhenSetWhicheverWayItComes() throws Exception {
        String url = TestDatabase.h2Url(new File(tmp.newFolder(), "store"));
        PolicyStoreComponent component = component(TestDatabase.h2(url));
        component.activate(CheckedConfig.typed(StoreConfig.class, Map.of()), Map.of());
        try {
            InvalidValueException added = assertThrows(InvalidValueException.class, () -> component.add(
                    DeviceDraft.builder("lab-1").mac("52:54:00:12:34:56").referralServer("wds9.lab.example").build()));
            assertTrue(added.getMessage(), added.getMessage().startsWith(
                    "invalid referralServer 'wds9.lab.example': does not resolve"));
            assertTrue("nothing was written", component.list().isEmpty());

            component.add(DeviceDraft.builder("lab-1").mac("52:54:00:12:34:56").build());
            assertThrows(InvalidValueException.class, () -> component.update("lab-1",
                    DeviceChange.builder().referralServer("127.0.0.1").build()));
            Device referred = component.update("lab-1", DeviceChange.builder().referralServer("wds2.lab.example").build());
            assertEquals(Optional.of("wds2.lab.example"), referred.referralServer());

            ImportException imported = assertThrows(ImportException.class, () -> component.importCsv(new StringReader(
                    "name,mac,referralServer\nlab-2,52:54:00:12:34:57,192.0.2.7\nlab-3,52:54:00:12:34:58,wds9.lab.example\n")));
            assertEquals(3, imported.line());
            assertTrue(imported.getMessage(), imported.getMessage().contains("wds9.lab.example': does not resolve"));
            assertEquals("nothing of the file was imported", 1, component.list().size());
            assertEquals(2, component.importCsv(new StringReader(
                    "name,mac,referralServer\nlab-2,52:54:00:12:34:57,192.0.2.7\nlab-3,52:54:00:12:34:58,wds2.lab.example\n"))
                    .added());
        } finally {
            try (Connection c = TestDatabase.h2(url).getConnection()) {
                c.createStatement().execute("SHUTDOWN");
            }
        }
    }

    @Test
    public void aDatabaseDownAtStartIsOpenedOnceItIsUpAndAwayLaterCallsFailAtOnce() throws Exception {
        String url = TestDatabase.h2Url(new File(tmp.newFolder(), "store"));
        Switchable db = new Switchable(TestDatabase.h2(url));
        db.down = true;
        PolicyStoreComponent component = component(db);
        component.activate(CheckedConfig.typed(StoreConfig.class, Map.of()), Map.of());
        try {
            assertFalse(component.isOpen());
            StorageException e = assertThrows(StorageException.class, component::list);
            assertEquals("the policy store is not open (cannot open the policy store: the policy database is "
                    + "unreachable or refused the login: Connection to db.example:5432 refused (SQL state 08001). "
                    + "Check the url, user and password of the pxe data source (etc/org.ops4j.datasource-pxe.cfg) "
                    + "and that the database is running); trying again every 5 s", e.getMessage());
            MacAddress mac = MacAddress.parse("525400123456").orElseThrow();
            assertFalse("nothing is sure without a store", component.surelyMatchesNothing(Optional.empty(), mac));

            db.down = false;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(StoreGuard.REOPEN_SECONDS * 3);
            while (!component.isOpen() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertTrue("opened in the background once the database is up", component.isOpen());
            component.add(DeviceDraft.builder("lab-1").mac("52:54:00:12:34:56").build());

            // The database goes away: the first call fails on it, the next ones at once, without asking it.
            db.down = true;
            assertThrows(StorageException.class, () -> component.match(Optional.empty(), mac));
            int asked = db.connections.get();
            StorageException fast = assertThrows(StorageException.class, () -> component.match(Optional.empty(), mac));
            assertTrue(fast.getMessage(), fast.getMessage().startsWith("the policy store's database is away"));
            assertEquals("the database was not asked", asked, db.connections.get());
            db.down = false;
            end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(StoreGuard.COOL_DOWN_MILLIS * 3);
            Optional<Device> back = Optional.empty();
            while (back.isEmpty() && System.nanoTime() < end) {
                try {
                    back = component.match(Optional.empty(), mac);
                } catch (StorageException stillAway) {
                    Thread.sleep(50);
                }
            }
            assertEquals("lab-1", back.orElseThrow().name());
        } finally {
            component.deactivate();
            try (Connection c = TestDatabase.h2(url).getConnection()) {
                c.createStatement().execute("SHUTDOWN");
            }
        }
    }

    /** A real database whose connections fail, as pgjdbc reports a database that is down, while {@code down}. */
    private static final class Switchable implements DataSource {
        private final DataSource real;
        volatile boolean down;
        final AtomicInteger connections = new AtomicInteger();

        Switchable(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            if (down) {
                throw new SQLNonTransientConnectionException("Connection to db.example:5432 refused", "08001");
            }
            return real.getConnection();
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
