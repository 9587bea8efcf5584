package org.karafpxe.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Boots the built distribution (not a stock Karaf) for each test class, and runs console
 * commands in it the way an operator would.
 */
public abstract class PxeTestSupport {

    /** Where the container looks for bundles the tests need that the appliance does not ship. */
    private static final String CENTRAL = "https://repo1.maven.org/maven2@id=central";
    private static final String MVN_CFG = "etc/org.ops4j.pax.url.mvn.cfg";
    private static final String DHCP_CFG = "etc/org.karafpxe.dhcp.cfg";
    private static final String TFTP_CFG = "etc/org.karafpxe.tftp.cfg";
    private static final String ENGINE_CFG = "etc/org.karafpxe.engine.cfg";

    /** The DHCP listeners run unprivileged on loopback; broadcasts go to 127.0.0.1. */
    protected static final int PROXY_PORT = 16767;
    protected static final int PXE_PORT = 14011;
    protected static final int CLIENT_PORT = 16768;
    /** TFTP, also unprivileged on loopback; its root stays the shipped ${karaf.base}/tftpboot. */
    protected static final int TFTP_PORT = 16969;
    /** HTTP (Pax Web), on a port of its own. */
    protected static final int HTTP_PORT = 18080;
    /** The operator's port (web console, API, metrics). */
    protected static final int WEB_PORT = 18180;
    /** Users of the operator's port: one that may change, one that may only look. */
    protected static final String ADMIN = "web-admin";
    protected static final String ADMIN_PASSWORD = "admin-pw-for-tests";
    protected static final String VIEWER = "web-viewer";
    protected static final String VIEWER_PASSWORD = "viewer-pw-for-tests";

    @Inject
    protected SessionFactory sessionFactory;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    protected static Option[] distribution(Option... extra) {
        String distro = required("pxe.distro");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(distro).toURI().toString())
                        .name("Karaf PXE")
                        .karafVersion("4.4.10")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                // Pax Exam installs its own helper bundles, which the appliance does not ship.
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.repositories", CENTRAL),
                editConfigurationFilePut(MVN_CFG, "org.ops4j.pax.url.mvn.localRepository", required("pxe.maven.local")),
                // Keep clear of a server a developer may be running on the default port.
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
                editConfigurationFilePut(DHCP_CFG, "proxy.address", "127.0.0.1"),
                editConfigurationFilePut(DHCP_CFG, "proxy.port", String.valueOf(PROXY_PORT)),
                editConfigurationFilePut(DHCP_CFG, "pxe.address", "127.0.0.1"),
                editConfigurationFilePut(DHCP_CFG, "pxe.port", String.valueOf(PXE_PORT)),
                editConfigurationFilePut(DHCP_CFG, "client.port", String.valueOf(CLIENT_PORT)),
                editConfigurationFilePut(DHCP_CFG, "broadcast.address", "127.0.0.1"),
                // DHCPv6 listens on [::]:547 of every interface: not on the host running the tests.
                editConfigurationFilePut(DHCP_CFG, "v6.enabled", "false"),
                // The tests' UEFI clients have no task and would be sent to their disk at once; they are
                // here for the program the chain picks. DhcpIT turns it back on and checks it.
                editConfigurationFilePut(ENGINE_CFG, "fallthrough.ipxe.builds", "none"),
                editConfigurationFilePut(TFTP_CFG, "address", "127.0.0.1"),
                editConfigurationFilePut(TFTP_CFG, "port", String.valueOf(TFTP_PORT)),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(HTTP_PORT)),
                editConfigurationFilePut("etc/org.karafpxe.web.cfg", "port", String.valueOf(WEB_PORT)),
                editConfigurationFilePut("etc/users.properties", ADMIN, ADMIN_PASSWORD + ",_g_:admingroup"),
                editConfigurationFilePut("etc/users.properties", VIEWER, VIEWER_PASSWORD + ",viewer"),
                systemProperty("pxe.provider.jar").value(required("pxe.provider.jar")),
                systemProperty("pxe.example.dir").value(required("pxe.example.dir")),
                systemProperty("pxe.readme").value(required("pxe.readme"))));
        options.addAll(Arrays.asList(extra));
        return options.toArray(new Option[0]);
    }

    /**
     * The store on PostgreSQL, chosen the Karaf way in {@code etc/org.ops4j.datasource-pxe.cfg}: the
     * URL given, with the user and password of PXE_TEST_POSTGRES_USER/PASSWORD.
     */
    protected static Option[] postgresDataSource(String url) {
        String cfg = "etc/org.ops4j.datasource-pxe.cfg";
        return new Option[] {
            editConfigurationFilePut(cfg, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver"),
            editConfigurationFilePut(cfg, "url", url),
            editConfigurationFilePut(cfg, "user", System.getenv("PXE_TEST_POSTGRES_USER")),
            editConfigurationFilePut(cfg, "password", System.getenv("PXE_TEST_POSTGRES_PASSWORD"))};
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("system property " + key + " is not set; run the tests through Maven");
        }
        return value;
    }

    /**
     * Waits until the server has finished starting: the console commands that need the policy store
     * are registered, and the providers that need it are in the chain. The store comes up after its
     * pooled data source, so a test started right after the framework could otherwise find neither.
     * And every {@code etc/org.karafpxe.*.cfg} has reached Config Admin: a test that changes a
     * configuration before its file was read would otherwise write over a half-empty one.
     */
    @Before
    public void serverReady() throws InterruptedException {
        await("the policy store's console commands and providers", Duration.ofSeconds(60), () -> {
            try {
                executeCommand("pxe:device-list");
                String chain = executeCommand("pxe:providers");
                return chain.contains("prestaged") && chain.contains("policy");
            } catch (Exception notYet) {
                return false;
            }
        });
        await("the configuration files in etc/ to be read", Duration.ofSeconds(60), this::configurationFilesRead);
    }

    private boolean configurationFilesRead() {
        File[] files = new File(System.getProperty("karaf.etc"))
                .listFiles((dir, name) -> name.startsWith("org.karafpxe.") && name.endsWith(".cfg"));
        try {
            for (File file : files) {
                String pid = file.getName().substring(0, file.getName().length() - ".cfg".length());
                Configuration[] read = configurationAdmin.listConfigurations(
                        "(&(service.pid=" + pid + ")(felix.fileinstall.filename=*))");
                if (read == null) {
                    return false;
                }
            }
            return files.length > 0;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets one setting of a configuration, or removes it (value null), as an edit of its file would. */
    protected void configure(String pid, String key, String value) throws IOException {
        java.util.Map<String, String> one = new java.util.HashMap<>();
        one.put(key, value);
        configure(pid, one);
    }

    /** Sets several settings of a configuration in one update; a null value removes its key. */
    protected void configure(String pid, java.util.Map<String, String> settings) throws IOException {
        Configuration configuration = configurationAdmin.getConfiguration(pid, null);
        java.util.Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new java.util.Hashtable<>();
        }
        for (java.util.Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getValue() == null) {
                properties.remove(e.getKey());
            } else {
                properties.put(e.getKey(), e.getValue());
            }
        }
        configuration.update(properties);
    }

    /** Whether the container's log holds the text. */
    protected static boolean logged(String text) {
        java.nio.file.Path log = java.nio.file.Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        try {
            return java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs one console command and returns what it printed. */
    protected String executeCommand(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute(command);
            if (result != null) {
                out.println(result);
            }
        }
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs a command that must fail, and checks that its message says what was wrong. */
    protected void assertFails(String command, String expectedMessage) throws Exception {
        try {
            String output = executeCommand(command);
            throw new AssertionError("'" + command + "' did not fail; it printed:\n" + output);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().contains(expectedMessage)) {
                throw new AssertionError("'" + command + "' failed with '" + e.getMessage() + "', expected '"
                        + expectedMessage + "'");
            }
        }
    }

    /** Waits for a condition that the server reaches asynchronously (hot deploy, config reload). */
    protected static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

}
