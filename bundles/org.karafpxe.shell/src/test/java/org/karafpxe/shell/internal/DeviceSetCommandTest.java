package org.karafpxe.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.shell.internal.Commands.with;

import java.util.Optional;
import java.util.UUID;
import org.junit.Before;
import org.junit.Test;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceChange;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.FieldChange;
import org.karafpxe.testing.InMemoryPolicyStore;

public class DeviceSetCommandTest {

    private static final String GUID = "4c4c4544-0042-3510-8052-b4c04f564433";

    private final InMemoryPolicyStore store = new InMemoryPolicyStore();

    @Before
    public void prestage() {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").guid(GUID).bootProgram("ipxe/snponly.efi")
                .group("lab").task(BootTask.oneShot("chain http://x/wim")).build());
        store.add(DeviceDraft.builder("pc-02").mac("52:54:00:12:34:57").build());
    }

    @Test
    public void setAndClearOfOneFieldContradict() throws Exception {
        assertRefused("give --mac or --clear-mac, not both", "mac", "52:54:00:12:34:58", "clearMac", true);
        assertRefused("give --guid or --clear-guid, not both", "guid", GUID, "clearGuid", true);
        assertRefused("give --boot-program or --clear-boot-program, not both", "bootProgram", "a.efi",
                "clearBootProgram", true);
        assertRefused("give --referral-server or --clear-referral-server, not both", "referralServer", "boot2",
                "clearReferralServer", true);
        assertRefused("give --group or --clear-group, not both", "group", "lab", "clearGroup", true);
    }

    @Test
    public void newTaskAndClearTaskContradict() throws Exception {
        String message = "give a new task (--task-script or --task-file, with --one-shot if it is to run once) "
                + "or --clear-task, not both";
        assertRefused(message, "taskScript", "echo", "clearTask", true);
        assertRefused(message, "taskFile", "x.ipxe", "clearTask", true);
        assertRefused(message, "oneShot", true, "clearTask", true);
        assertRefused("give the task as --task-script or --task-file, not both", "taskScript", "echo",
                "taskFile", "x.ipxe");
        assertRefused("--one-shot says how often a new task runs: give it with --task-script or --task-file",
                "oneShot", true, "name", "pc-03");
    }

    @Test
    public void noOptionIsNoChange() throws Exception {
        String message = Commands.failure(command(), store);
        assertEquals("nothing to change for device 'pc-01': give at least one of --name, --mac, --guid, "
                + "--boot-program, --referral-server, --group, --task-script, --task-file, or a --clear-... option",
                message);
    }

    @Test
    public void onlyTheFieldsNamedChange() {
        DeviceChange change = with(with(with(command(), "guid", "{" + GUID.toUpperCase() + "}"), "clearBootProgram",
                true), "taskScript", "sanboot").change();
        assertEquals(new FieldChange.SetTo<>(UUID.fromString(GUID)), change.guid());
        assertEquals(new FieldChange.Clear<>(), change.bootProgram());
        assertEquals(new FieldChange.SetTo<>(BootTask.everyBoot("sanboot")), change.task());
        assertEquals(new FieldChange.Keep<>(), change.name());
        assertEquals(new FieldChange.Keep<>(), change.mac());
        assertEquals(new FieldChange.Keep<>(), change.referralServer());
        assertEquals(new FieldChange.Keep<>(), change.group());
    }

    @Test
    public void changedDeviceIsPrinted() throws Exception {
        String out = Commands.execute(with(with(with(command(), "name", "pc-03"), "clearTask", true), "mac",
                "52-54-00-AA-BB-CC"), store);
        assertTrue(out, out.startsWith("Changed device 'pc-03' (id 1).\n"));
        assertTrue(out, out.contains("MAC:             52:54:00:aa:bb:cc\n"));
        assertTrue(out, out.contains("Task:            -\n"));
        Device d = store.find("1").orElseThrow();
        assertEquals("pc-03", d.name());
        assertEquals(Optional.empty(), d.task());
        assertEquals(Optional.of("ipxe/snponly.efi"), d.bootProgram());
        assertEquals(MacAddress.parse("52:54:00:aa:bb:cc"), d.mac());
    }

    @Test
    public void storeRefusalsAreTheError() throws Exception {
        assertEquals("no device 'pc-09' (by name or id)",
                Commands.failure(with(with(new DeviceSetCommand(), "device", "pc-09"), "group", "x"), store));
        assertEquals("MAC 52:54:00:12:34:57 already belongs to device 'pc-02'",
                Commands.failure(with(command(), "mac", "525400123457"), store));
        String message = Commands.failure(with(with(command(), "clearMac", true), "clearGuid", true), store);
        assertTrue(message, message.contains("needs a MAC or a GUID (or both)"));
        message = Commands.failure(with(command(), "taskScript", " \n"), store);
        assertTrue(message, message.startsWith("invalid taskScript: the script is empty"));
        message = Commands.failure(with(command(), "name", "1234"), store);
        assertTrue(message, message.startsWith("invalid name '1234': a name of digits only would read as a device id"));
    }

    @Test
    public void badMacOrGuidSaysWhatIsAllowed() throws Exception {
        assertEquals("'zz' is not a MAC address: write it as 52:54:00:12:34:56, 52-54-00-12-34-56 or 525400123456",
                Commands.failure(with(command(), "mac", "zz"), store));
        assertTrue(Commands.failure(with(command(), "guid", "nope"), store).startsWith("'nope' is not a GUID"));
    }

    private static DeviceSetCommand command() {
        return with(new DeviceSetCommand(), "device", "pc-01");
    }

    private void assertRefused(String message, String field1, Object value1, String field2, Object value2)
            throws Exception {
        assertEquals(message, Commands.failure(with(with(command(), field1, value1), field2, value2), store));
    }
}
