package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: Debian's chromium, driven through its chromedriver by Selenium,
 * against the built distribution started as an operator starts it. It logs in, watches a scripted
 * PXE client (DISCOVER, the boot program over TFTP with tftp-hpa, iPXE's DISCOVER) appear live with
 * its steps, adds a device, changes the policy and sees the chain answer differently, and saves
 * screenshots (target/screenshots).
 */
public class WebConsoleIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    /**
     * The server's ports: the standard ones plus this, 26011-30180, below the kernel's ephemeral range (from
     * 32768), where a client's outgoing connection may hold a port at any moment.
     */
    private static final int OFFSET = 22000;
    private static final int WEB = LoopbackDistribution.webPort(OFFSET);
    private static final String USER = "web-admin";
    private static final String PASSWORD = "browser-test-pw";
    private static final String MAC = "52:54:00:00:b0:01";
    private static final String DEVICE_MAC = "52:54:00:00:b0:02";

    private Path home;
    private Process server;
    private WebDriver browser;

    @Before
    public void start() throws Exception {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("chromium and chromium-driver are not installed: CI must run the browser test "
                    + "(.ci/run installs them)");
        }
        Assume.assumeTrue("browser test skipped: apt-get install chromium chromium-driver", present);
        home = unpack();
        server = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile()).start();
        try {
            awaitTrue("the operator's port", Duration.ofSeconds(90), () -> status("/api/session") == 401);
        } catch (AssertionError notUp) {
            throw new AssertionError(notUp.getMessage() + "; the server's log ends:\n" + tail(home.resolve(
                    "data/log/karaf.log")) + "\nits console:\n" + tail(home.resolve("console.log")), notUp);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // Root in CI: chromium's sandbox needs an unprivileged user.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(DRIVER).toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @After
    public void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    public void anOperatorWatchesAMachineBootAddsADeviceAndChangesThePolicy() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://127.0.0.1:" + WEB + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys(USER);
        browser.findElement(By.id("login-password")).sendKeys("wrong");
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "refused"));
        browser.findElement(By.id("login-password")).clear();
        browser.findElement(By.id("login-password")).sendKeys(PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
        String who = browser.findElement(By.id("user-name")).getText();
        assertTrue(who, who.startsWith(USER));

        // A scripted machine: the firmware's DISCOVER, its boot program over TFTP, then iPXE's DISCOVER.
        try (PxeClient client = new PxeClient(LoopbackDistribution.clientPort(OFFSET), LoopbackDistribution.proxyPort(OFFSET))) {
            UUID guid = UUID.fromString("4c4c4544-0042-3510-8052-b4c04f56b001");
            assertTrue("offered", client.discover(MAC, guid, 7, 0, 5000).isPresent());
            Path got = Files.createTempFile("snponly", ".efi");
            Process tftp = new ProcessBuilder("tftp", "-m", "binary", "127.0.0.1", String.valueOf(LoopbackDistribution.tftpPort(OFFSET)), "-c", "get",
                    "snponly.efi", got.toString()).redirectErrorStream(true).start();
            assertTrue("tftp-hpa fetched the boot program", tftp.waitFor(30, TimeUnit.SECONDS) && Files.size(got) > 0);
            Files.delete(got);
            assertTrue("iPXE offered", client.discover(MAC, guid, 7, 0, 5000, true).isPresent());
        }
        By row = By.cssSelector("#live tr[data-mac='" + MAC + "']");
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#live tr[data-mac='" + MAC
                + "'] .step"), 1));
        String steps = browser.findElement(row).getText();
        assertTrue(steps, steps.contains("67"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#transfers [data-transfer*='snponly.efi']")));
        shot(browser.findElement(By.id("live")), "booting-now.png");

        // A device added in the page, recorded in the audit trail as the user who added it.
        browser.findElement(By.id("device-name")).sendKeys("web-01");
        browser.findElement(By.id("device-mac")).sendKeys(DEVICE_MAC);
        browser.findElement(By.id("device-add")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#devices tr[data-device='web-01']")));
        browser.findElement(By.id("device-name")).sendKeys("web-02");
        browser.findElement(By.id("device-mac")).sendKeys(DEVICE_MAC);
        browser.findElement(By.id("device-add")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-error"), "web-01"));
        shot(browser.findElement(By.id("devices")), "devices.png");
        String trail = api("/api/audit?subject=web-01");
        assertTrue(trail, trail.contains("\"actor\":\"" + USER + "\"") && trail.contains("device-add"));

        // The policy changed in the page; the chain's answer follows.
        explain(wait, MAC, "SERVICE");
        new Select(browser.findElement(By.id("policy-mode"))).selectByValue("known");
        browser.findElement(By.id("policy-save")).click();
        wait.until(ExpectedConditions.textMatches(By.id("policy-message"), java.util.regex.Pattern.compile(".+")));
        awaitTrue("the policy in the store's file", Duration.ofSeconds(30),
                () -> api("/api/policy").contains("\"mode\":\"known\""));
        explain(wait, MAC, "IGNORE");
        explain(wait, DEVICE_MAC, "SERVICE");
        shot(browser.findElement(By.id("chain")), "chain.png");
        shot(browser.findElement(By.id("counters")), "counters.png");
    }

    /** The explain form for a MAC, until the outcome shows (the policy reaches the chain within a moment). */
    private void explain(WebDriverWait wait, String mac, String outcome) {
        wait.until(d -> {
            WebElement field = d.findElement(By.id("explain-mac"));
            field.clear();
            field.sendKeys(mac);
            d.findElement(By.id("explain-run")).click();
            // The wait polls every half second: an answer not yet shown is asked again at the next poll.
            return d.findElement(By.id("explain-result")).getText().contains(outcome);
        });
    }

    private void shot(WebElement element, String name) throws IOException {
        Path dir = Path.of(System.getProperty("pxe.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(true);", element);
        Files.write(dir.resolve(name), element.getScreenshotAs(OutputType.BYTES));
    }

    private static String api(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                            .getBytes(StandardCharsets.UTF_8))).build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static int status(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + WEB + path))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException | RuntimeException e) {
            return "(" + file + ": " + e + ")";
        }
    }

    private static void awaitTrue(String what, Duration limit, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** The distribution unpacked into target/, listening on loopback ports of its own, with a user. */
    private static Path unpack() throws Exception {
        Path dir = LoopbackDistribution.unpack(System.getProperty("pxe.distro"), Path.of("target"), "web-console-server",
                OFFSET);
        LoopbackDistribution.append(dir.resolve("etc/users.properties"), USER + " = " + PASSWORD + ",_g_:admingroup");
        return dir;
    }
}
