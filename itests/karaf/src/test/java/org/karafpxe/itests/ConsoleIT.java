package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.karafpxe.dhcp.DhcpPacket;
import org.karafpxe.store.PolicyStore;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Every pxe:* console command of the distribution, the way an operator types it: what it prints,
 * what it changes, and the message a bad argument gets.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT extends PxeTestSupport {

    @Inject
    private PolicyStore store;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    /** The answer policy as the test found it (the shipped file's), put back after each test. */
    private Dictionary<String, Object> policy;

    @Configuration
    public Option[] config() {
        return distribution();
    }

    @Before
    public void keepPolicy() throws Exception {
        await("the shipped answer policy in Config Admin", Duration.ofSeconds(30), () -> {
            try {
                policy = policyConfiguration().getProperties();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return policy != null && policy.get("service.ranking") != null && policy.get("bootfile.x64-uefi") != null;
        });
    }

    @After
    public void cleanUp() throws Exception {
        store.list().forEach(d -> store.remove(String.valueOf(d.id())));
        store.bannedGuids().forEach(b -> store.unbanGuid(b.guid()));
        policyConfiguration().update(policy);
    }

    private org.osgi.service.cm.Configuration policyConfiguration() throws java.io.IOException {
        return configurationAdmin.getConfiguration("org.karafpxe.provider.policy", "?");
    }

    @Test
    public void deviceLifecycle() throws Exception {
        String added = executeCommand("pxe:device-add --mac 52:54:00:aa:00:01 "
                + "--guid {4C4C4544-0042-3510-8052-B4C04F564433} --group lab --boot-program ipxe/snponly.efi lab-01");
        assertTrue(added, added.contains("Added device 'lab-01'"));
        assertTrue(added, added.contains("4c4c4544-0042-3510-8052-b4c04f564433"));
        executeCommand("pxe:device-add --mac 52-54-00-AA-00-02 --group lab lab-02");
        executeCommand("pxe:device-add --mac 525400aa0003 --group office office-01");

        String list = executeCommand("pxe:device-list");
        assertTrue(list, list.contains("lab-01") && list.contains("lab-02") && list.contains("office-01"));
        String lab = executeCommand("pxe:device-list --group lab");
        assertTrue(lab, lab.contains("lab-02"));
        assertFalse(lab, lab.contains("office-01"));

        String shown = executeCommand("pxe:device-show LAB-01");
        assertTrue(shown, shown.contains("lab-01") && shown.contains("ipxe/snponly.efi"));

        assertFails("pxe:device-set --referral-server 127.0.0.2 lab-02",
                "invalid referralServer '127.0.0.2': a loopback address is the client's own");
        String changed = executeCommand("pxe:device-set --boot-program custom.efi --referral-server 192.0.2.7 lab-02");
        assertTrue(changed, changed.contains("Changed device 'lab-02'"));
        assertEquals("192.0.2.7", store.find("lab-02").orElseThrow().referralServer().orElseThrow());
        assertEquals("custom.efi", store.find("lab-02").orElseThrow().bootProgram().orElseThrow());
        executeCommand("pxe:device-set --clear-boot-program lab-02");
        assertFalse(store.find("lab-02").orElseThrow().bootProgram().isPresent());

        String removed = executeCommand("pxe:device-remove lab-02 office-01");
        assertTrue(removed, removed.contains("Removed device 'lab-02'") && removed.contains("office-01"));
        assertEquals(1, store.list().size());
    }

    @Test
    public void deviceCommandsExplainBadArguments() throws Exception {
        assertFails("pxe:device-add nameless", "give --mac, --guid or both");
        assertFails("pxe:device-add --mac 52:54:00 bad-mac", "invalid mac '52:54:00'");
        assertFails("pxe:device-add --guid 1234 bad-guid", "is not a GUID");
        executeCommand("pxe:device-add --mac 52:54:00:bb:00:01 first");
        assertFails("pxe:device-add --mac 52:54:00:bb:00:01 second", "already belongs to");
        assertFails("pxe:device-add --mac 52:54:00:bb:00:02 first", "a device named 'first' already exists");
        assertFails("pxe:device-set first", "nothing to change for device 'first'");
        assertFails("pxe:device-set --group a --clear-group first", "not both");
        assertFails("pxe:device-add --mac 52:54:00:bb:00:03 --one-shot tasked", "--one-shot");
        assertFails("pxe:device-show nobody", "no device 'nobody'");
    }

    @Test
    public void exportThenImportRestoresTheDevices() throws Exception {
        executeCommand("pxe:device-add --mac 52:54:00:cc:00:01 --task-script 'chain http://127.0.0.1/x' --one-shot csv-01");
        executeCommand("pxe:device-add --guid 11111111-2222-3333-4444-555555555555 csv-02");
        Path dir = Files.createTempDirectory("pxe-csv");
        File csv = dir.resolve("devices.csv").toFile();
        String exported = executeCommand("pxe:device-export " + csv);
        assertTrue(exported, exported.contains("Exported the devices to"));
        String text = Files.readString(csv.toPath(), StandardCharsets.UTF_8);
        assertTrue(text, text.startsWith(PolicyStore.CSV_HEADER));
        assertFails("pxe:device-export " + csv, "exists; give --force to replace it");

        executeCommand("pxe:device-remove csv-01 csv-02");
        String imported = executeCommand("pxe:device-import " + csv);
        assertTrue(imported, imported.contains("Imported 2 devices") && imported.contains("2 added"));
        assertTrue(store.find("csv-01").orElseThrow().task().orElseThrow().oneShot());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, PolicyStore.CSV_HEADER + "\nok-01,52:54:00:cc:00:09,,,,,,\nbad-01,not-a-mac,,,,,,\n");
        assertFails("pxe:device-import " + bad, "line 3");
        assertFalse("one bad row and nothing is imported", store.find("ok-01").isPresent());
        assertFails("pxe:device-import " + dir.resolve("missing.csv"), "missing.csv");
    }

    @Test
    public void bootTasks() throws Exception {
        executeCommand("pxe:device-add --mac 52:54:00:ab:00:01 task-01");
        assertTrue(executeCommand("pxe:task-list").contains("No device has a boot task."));
        Path script = Files.createTempFile("task", ".ipxe");
        Files.writeString(script, "#!ipxe\nkernel http://127.0.0.1/vmlinuz\nboot\n");
        String set = executeCommand("pxe:task-set --one-shot --file " + script + " task-01");
        assertTrue(set, set.contains("task-01"));
        String list = executeCommand("pxe:task-list");
        assertTrue(list, list.contains("task-01") && list.contains("kernel http://127.0.0.1/vmlinuz"));
        assertTrue(store.find("task-01").orElseThrow().task().orElseThrow().oneShot());
        String cleared = executeCommand("pxe:task-clear task-01");
        assertTrue(cleared, cleared.contains("task-01"));
        assertFalse(store.find("task-01").orElseThrow().task().isPresent());

        executeCommand("pxe:task-set --kernel http://127.0.0.1/linux --initrd http://127.0.0.1/initrd.gz "
                + "--cmdline 'auto=true' task-01");
        assertEquals("kernel http://127.0.0.1/linux auto=true\ninitrd http://127.0.0.1/initrd.gz\nboot",
                store.find("task-01").orElseThrow().task().orElseThrow().script());
        executeCommand("pxe:task-clear task-01");
        assertFails("pxe:task-set task-01", "--script");
        assertFails("pxe:task-set --script 'boot' --file " + script + " task-01", "not both");
        assertFails("pxe:task-set --script 'boot' nobody", "no device 'nobody'");
        assertFails("pxe:task-clear nobody", "no device 'nobody'");
    }

    @Test
    public void bannedGuidsAndDuplicates() throws Exception {
        String guid = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        String banned = executeCommand("pxe:banned-guid-add --reason 'cloned image' " + guid);
        assertTrue(banned, banned.contains("Banned GUID " + guid));
        String list = executeCommand("pxe:banned-guid-list");
        assertTrue(list, list.contains(guid) && list.contains("cloned image"));
        executeCommand("pxe:banned-guid-remove " + guid);
        assertFails("pxe:banned-guid-remove " + guid, "is not banned");
        assertFails("pxe:banned-guid-add zero", "is not a GUID");
        String duplicates = executeCommand("pxe:duplicate-guids");
        assertTrue(duplicates, duplicates.contains("No GUID has been seen from more than one MAC"));
    }

    @Test
    public void policyIsShownAndChangedThroughConfigAdmin() throws Exception {
        String shown = executeCommand("pxe:policy");
        assertTrue(shown, shown.contains("Answer clients:  all"));
        assertTrue(shown, shown.contains("x64-uefi") && shown.contains("snponly.efi"));

        String changed = executeCommand("pxe:policy-set --bootfile x86-bios=changed.kpxe --delay 0");
        assertTrue(changed, changed.contains("bootfile.x86-bios = changed.kpxe"));
        try (PxeClient client = new PxeClient(CLIENT_PORT, PROXY_PORT)) {
            await("the new boot program to be offered", Duration.ofSeconds(20), () -> {
                Optional<DhcpPacket> offer = discover(client);
                return offer.isPresent() && offer.get().file().equals("changed.kpxe");
            });
            executeCommand("pxe:policy-set --mode none");
            await("the server to stop answering", Duration.ofSeconds(20), () -> discover(client).isEmpty());
        }
        assertTrue(executeCommand("pxe:policy").contains("Answer clients:  none"));

        assertFails("pxe:policy-set", "nothing to change");
        assertFails("pxe:policy-set --mode some", "use all, known (prestaged devices only) or none");
        assertFails("pxe:policy-set --delay -1", "from 0 to 65535");
        assertFails("pxe:policy-set --bootfile sparc=x.bin", "'sparc' is not an architecture");
        assertFails("pxe:policy-set --bootfile x64-uefi", "write <architecture>=<path>");
    }

    private static Optional<DhcpPacket> discover(PxeClient client) {
        try {
            return client.discover("52:54:00:dd:00:01", UUID.randomUUID(), 0, 0, 1500);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Test
    public void chainCommands() throws Exception {
        String providers = executeCommand("pxe:providers");
        assertTrue(providers, providers.contains("prestaged") && providers.contains("policy"));
        String explained = executeCommand("pxe:explain --mac 52:54:00:ee:00:01 --arch x64-uefi");
        assertTrue(explained, explained.contains("snponly.efi"));
        assertFails("pxe:explain --mac 52:54:00:ee:00:01 --port 68", "use 67 (proxy DHCP) or 4011");
        assertFails("pxe:explain --mac 52:54:00:ee:00:01 --arch sparc", "sparc");
        String overIpv6 = executeCommand("pxe:explain --ipv6 --mac 52:54:00:ee:00:01 --arch x64-uefi --port 4011");
        assertTrue(overIpv6, overIpv6.contains("snponly.efi"));
        assertFails("pxe:explain --ipv6 --mac 52:54:00:ee:00:01 --port 68", "use 547 (DHCPv6) or 4011");
        String stats = executeCommand("pxe:dhcp-stats");
        assertTrue(stats, stats.contains("listening"));
        assertFails("pxe:requests -n 0", "show 1 to 100000 requests");
    }
}
