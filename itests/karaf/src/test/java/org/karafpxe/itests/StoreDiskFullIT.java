package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.dhcp.DhcpPacket;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The disk holding the embedded store fills up: writes fail with a message that says so, the server
 * keeps answering the machines it knows, and once there is room again writes succeed with nothing
 * acknowledged lost. The store lives on a small tmpfs mounted for this test (which needs root, as
 * CI has), filled by a file written until the disk refuses more.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreDiskFullIT extends PxeTestSupport {

    private static final String DISK_PROPERTY = "pxe.test.fulldisk";

    @Configuration
    public Option[] config() throws Exception {
        File disk = new File("target/h2-full-disk").getAbsoluteFile();
        if (!mounted(disk) && isRoot()) {
            disk.mkdirs();
            run("mount", "-t", "tmpfs", "-o", "size=32m,mode=0755", "pxe-test-disk", disk.getPath());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run("umount", "-l", disk.getPath());
                } catch (Exception e) {
                    // the mount goes with the machine
                }
            }));
        }
        if (!mounted(disk)) {
            return distribution();
        }
        return distribution(
                editConfigurationFilePut("etc/org.ops4j.datasource-pxe.cfg", "url",
                        "jdbc:h2:file:" + disk.getPath() + "/store;WRITE_DELAY=0;DB_CLOSE_DELAY=-1"),
                CoreOptions.systemProperty(DISK_PROPERTY).value(disk.getPath()));
    }

    @Test
    public void aFullDiskRefusesWritesClearlyAndTheServerKeepsServing() throws Exception {
        String disk = System.getProperty(DISK_PROPERTY);
        if (disk == null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run the full-disk test: it needs root to mount a tmpfs");
        }
        Assume.assumeTrue("full-disk test skipped: mounting its tmpfs needs root", disk != null);
        executeCommand("pxe:device-add --mac 02:fd:00:00:00:01 disk-known");
        List<String> acknowledged = new ArrayList<>(List.of("disk-known"));

        Path filler = Paths.get(disk, "filler");
        long filled = fill(filler);
        List<String> refusals = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String name = "disk-full-" + i;
            try {
                executeCommand(String.format("pxe:device-add --mac 02:fd:00:01:00:%02x %s", i, name));
                acknowledged.add(name);
            } catch (Exception e) {
                refusals.add(e.getMessage());
            }
        }
        System.out.printf("disk full after %d KiB of filler: %d of 20 writes refused; first refusal: %s%n",
                filled / 1024, refusals.size(), refusals.isEmpty() ? "-" : refusals.get(0));
        assertTrue("writes are refused on a full disk", refusals.size() > 0);
        assertTrue("the refusal says the disk is full: " + refusals.get(0),
                refusals.get(0).contains("the disk holding the policy store (" + disk + ") is full"));

        // Machines are still answered: reading the store needs no room.
        try (PxeClient client = new PxeClient(CLIENT_PORT, PROXY_PORT)) {
            Optional<DhcpPacket> known = client.discover("02:fd:00:00:00:01", UUID.randomUUID(), 0, 4, 5000);
            assertTrue("the prestaged machine is answered while the disk is full", known.isPresent());
            Optional<DhcpPacket> unknown = client.discover("02:fd:00:00:00:99", UUID.randomUUID(), 0, 4, 5000);
            assertTrue("a new machine is answered while the disk is full", unknown.isPresent());
        }
        String shown = executeCommand("pxe:device-show disk-known");
        assertTrue(shown, shown.contains("02:fd:00:00:00:01"));

        // Room again: writes succeed again by themselves, and nothing acknowledged is lost.
        Files.delete(filler);
        await("writes to succeed once the disk has room", Duration.ofSeconds(30), () -> {
            try {
                executeCommand("pxe:device-add --mac 02:fd:00:02:00:01 disk-room");
                return true;
            } catch (Exception notYet) {
                return false;
            }
        });
        acknowledged.add("disk-room");
        String list = executeCommand("pxe:device-list");
        for (String name : acknowledged) {
            assertTrue("acknowledged " + name + " is in the store:\n" + list, list.contains(name));
        }
        assertEquals("no stray filler", false, Files.exists(filler));
    }

    /** Writes the file until the disk is full; how many bytes it took. */
    private static long fill(Path file) throws IOException {
        long written = 0;
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int size = chunk.length; size > 0; size /= 2) {
                try {
                    while (true) {
                        out.write(chunk, 0, size);
                        out.flush();
                        written += size;
                    }
                } catch (IOException full) {
                    // try a smaller piece
                }
            }
        } catch (IOException closing) {
            // the close may fail on a full disk too
        }
        return written;
    }

    private static boolean mounted(File dir) throws IOException {
        return Files.readAllLines(Paths.get("/proc/mounts"), StandardCharsets.UTF_8).stream()
                .anyMatch(line -> line.split(" ")[1].equals(dir.getPath()));
    }

    private static boolean isRoot() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor();
        return uid.equals("0");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
