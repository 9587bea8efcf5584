package org.karafpxe.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.store.PolicyStore;

/**
 * The policy store as the server runs it by default, for the tests of its users: an embedded H2
 * file database in a folder of its own (so the devices' keys are held in memory, as in the server),
 * opened before each test and shut down and removed after it.
 *
 * <pre>{@code
 * @Rule
 * public final EmbeddedStore embedded = new EmbeddedStore();
 * ... embedded.store() ...
 * }</pre>
 */
public final class EmbeddedStore extends ExternalResource {
    private final TemporaryFolder folder = new TemporaryFolder();
    private JdbcDataSource dataSource;
    private PolicyStore store;

    @Override
    protected void before() throws Throwable {
        folder.create();
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:" + folder.getRoot() + "/store;DB_CLOSE_DELAY=-1");
        store = JdbcPolicyStore.open(dataSource);
    }

    @Override
    protected void after() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // Gone already: nothing to close.
        }
        folder.delete();
    }

    /** The store of the running test. */
    public PolicyStore store() {
        return store;
    }
}
