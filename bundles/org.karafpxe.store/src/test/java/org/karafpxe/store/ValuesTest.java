package org.karafpxe.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.Test;
import org.karafpxe.api.MacAddress;

/** The values' rules and the operator-facing messages, without a database. */
public class ValuesTest {

    private static final UUID GUID = UUID.fromString("4c4c4544-0042-3510-8052-b4c04f564433");

    private static String invalid(Runnable r) {
        return assertThrows(InvalidValueException.class, r::run).getMessage();
    }

    @Test
    public void namesFollowTheRule() {
        for (String ok : new String[] {"a", "lab-1", "PC_01.lab", "1a", "x".repeat(64)}) {
            assertEquals(ok, DeviceDraft.builder(ok).mac("52:54:00:12:34:56").build().name());
        }
        String rule = "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
        assertEquals("invalid name 'lab 1': " + rule, invalid(() -> DeviceDraft.builder("lab 1").mac("525400123456").build()));
        assertEquals("invalid name '-rf': " + rule, invalid(() -> DeviceDraft.builder("-rf").mac("525400123456").build()));
        assertEquals("invalid name '': " + rule, invalid(() -> DeviceDraft.builder("").mac("525400123456").build()));
        invalid(() -> DeviceDraft.builder("x".repeat(65)).mac("525400123456").build());
        invalid(() -> DeviceDraft.builder("pc/1").mac("525400123456").build());
        assertEquals("invalid name '10234': a name of digits only would read as a device id; add a letter "
                + "(e.g. 'pc-10234')", invalid(() -> DeviceDraft.builder("10234").mac("525400123456").build()));
    }

    @Test
    public void macsAreReadInEveryCommonForm() {
        MacAddress expected = MacAddress.parse("52:54:00:12:34:56").orElseThrow();
        for (String form : new String[] {"52:54:00:12:34:56", "52-54-00-12-34-56", "525400123456", " 52:54:00:12:34:56 "}) {
            assertEquals(Optional.of(expected), DeviceDraft.builder("a").mac(form).build().mac());
        }
        String rule = "use 6 bytes of hex: 52:54:00:12:34:56, 52-54-00-12-34-56 or 525400123456";
        assertEquals("invalid mac '52:54:00:12:34': " + rule, invalid(() -> DeviceDraft.builder("a").mac("52:54:00:12:34")));
        assertEquals("invalid mac 'nonsense': " + rule, invalid(() -> DeviceDraft.builder("a").mac("nonsense")));
        assertEquals("invalid mac '52:54': a prestaged device has a 6-byte Ethernet MAC; " + rule,
                invalid(() -> DeviceDraft.builder("a").mac(MacAddress.parse("52:54").orElseThrow()).build()));
    }

    @Test
    public void guidsAreReadInTheirCommonForms() {
        for (String form : new String[] {"4c4c4544-0042-3510-8052-b4c04f564433", "4C4C4544-0042-3510-8052-B4C04F564433",
                "{4c4c4544-0042-3510-8052-b4c04f564433}", "4c4c4544004235108052b4c04f564433"}) {
            assertEquals(Optional.of(GUID), DeviceDraft.builder("a").guid(form).build().guid());
        }
        assertEquals("invalid guid '1-2-3-4-5': use the standard form, like 4c4c4544-0042-3510-8052-b4c04f564433",
                invalid(() -> DeviceDraft.builder("a").guid("1-2-3-4-5")));
        assertTrue(invalid(() -> DeviceDraft.builder("a").guid("00000000-0000-0000-0000-000000000000"))
                .startsWith("invalid guid '00000000-0000-0000-0000-000000000000': firmware reports this GUID"));
        invalid(() -> DeviceDraft.builder("a").guid(new UUID(-1, -1)).build());
    }

    @Test
    public void aDeviceNeedsAMacOrAGuid() {
        assertEquals("invalid mac: device 'a' needs a MAC or a GUID (or both) to be recognised when it boots",
                invalid(() -> DeviceDraft.builder("a").bootProgram("x.efi").build()));
        assertEquals(Optional.of(GUID), DeviceDraft.builder("a").guid(GUID).build().guid());
    }

    @Test
    public void bootProgramsReferralServersAndGroupsAreChecked() {
        DeviceDraft d = DeviceDraft.builder("a").mac("525400123456").bootProgram("boot\\x64\\wdsnbp.com")
                .referralServer("boot2.example.com").group("room-101").build();
        assertEquals(Optional.of("boot\\x64\\wdsnbp.com"), d.bootProgram());
        assertEquals("192.0.2.10", DeviceDraft.builder("a").mac("525400123456").referralServer("192.0.2.10").build()
                .referralServer().orElseThrow());
        assertTrue(invalid(() -> DeviceDraft.builder("a").mac("525400123456").bootProgram("my file.efi").build())
                .startsWith("invalid bootProgram 'my file.efi': use a path on the boot server"));
        String referral = "use a host name (boot2.example.com) or an IPv4 address (192.0.2.10), without port";
        for (String bad : new String[] {"192.0.2.300", "192.0.2", "boot2:69", "-boot", "boot..example", "a b"}) {
            assertEquals("invalid referralServer '" + bad + "': " + referral,
                    invalid(() -> DeviceDraft.builder("a").mac("525400123456").referralServer(bad).build()));
        }
        assertTrue(invalid(() -> DeviceDraft.builder("a").mac("525400123456").group("room 101").build())
                .startsWith("invalid group 'room 101'"));
    }

    @Test
    public void tasksAreIpxeScriptsGrubConfigurationsOrBootPrograms() {
        BootTask program = BootTask.program(" boot/x64/pxeboot.n12 ", true);
        assertEquals("#!program boot/x64/pxeboot.n12", program.script());
        assertEquals(java.util.Optional.of("boot/x64/pxeboot.n12"), program.bootProgram());
        assertEquals("read back from the store", program.bootProgram(), BootTask.oneShot(program.script()).bootProgram());
        assertFalse(program.forGrub());
        assertTrue(BootTask.oneShot("#!grub\nboot").forGrub());
        assertTrue(BootTask.oneShot("#!grub\nboot").bootProgram().isEmpty());
        assertTrue("two lines are a script", BootTask.oneShot("#!program a.efi\nexit").bootProgram().isEmpty());
        assertTrue(BootTask.oneShot("chain http://x/a.ipxe").bootProgram().isEmpty());
        assertEquals("invalid taskScript: 'a b' is not a boot program path: give one path or URL, without spaces",
                invalid(() -> BootTask.program("a b", true)));
    }

    @Test
    public void chainAndKernelTasksAreWrittenForTheirBootLoader() {
        assertEquals(BootTask.oneShot("chain http://x/a.ipxe"), BootTask.chain(" http://x/a.ipxe ", true));
        assertEquals(BootTask.everyBoot("kernel http://x/linux quiet ip=dhcp\ninitrd http://x/initrd\nboot"),
                BootTask.kernel("http://x/linux", "http://x/initrd", " quiet ip=dhcp ", false, false));
        BootTask grub = BootTask.kernel("/k/vmlinuz", null, null, true, true);
        assertEquals("#!grub\nlinux /k/vmlinuz\nboot", grub.script());
        assertTrue(grub.forGrub());
        assertEquals("invalid chain '': give one URL or path, without spaces", invalid(() -> BootTask.chain(null, true)));
        assertEquals("invalid initrd 'a\tb': give one URL or path, without spaces",
                invalid(() -> BootTask.kernel("k", "a\tb", null, false, true)));
        assertEquals("invalid cmdline: the kernel's command line must be one line",
                invalid(() -> BootTask.kernel("k", null, "a\nchain http://evil/", false, true)));
    }

    @Test
    public void scriptsAreNormalisedAndLimited() {
        assertEquals("chain http://x/a.ipxe\nshell", BootTask.oneShot("#!ipxe\r\nchain http://x/a.ipxe\r\nshell\r\n\r\n").script());
        assertEquals("  echo indented", BootTask.oneShot("  echo indented\n").script());
        assertEquals("#!ipxe\nexit\n", BootTask.everyBoot("exit").ipxeScript());
        assertEquals("invalid taskScript: the script is empty; give the iPXE commands to run (without the #!ipxe "
                + "line), or clear the task instead", invalid(() -> BootTask.oneShot("#!ipxe\n\n")));
        String max = "x".repeat(BootTask.MAX_SCRIPT_BYTES);
        assertEquals(max, BootTask.oneShot(max).script());
        assertEquals("invalid taskScript: the script has 16385 bytes, at most 16384 are allowed; chain a longer "
                + "script from a web server instead", invalid(() -> BootTask.oneShot(max.substring(1) + "é")));
        assertEquals("invalid taskScript: control character U+0000 on script line 2; only text, tabs and line "
                + "breaks are allowed", invalid(() -> BootTask.oneShot("echo a\necho \0")));
    }

    @Test
    public void changesKeepSetOrClearEachField() {
        Device device = new Device(7, "lab-1", MacAddress.parse("525400123456"), Optional.of(GUID),
                Optional.of("a.efi"), Optional.empty(), Optional.of(BootTask.oneShot("exit")), Optional.of("lab"),
                Instant.EPOCH, Optional.empty());
        DeviceChange change = DeviceChange.builder().clearMac().bootProgram("b.efi").referralServer("192.0.2.1")
                .clearTask().build();
        DeviceDraft after = change.applyTo(device);
        assertEquals(new DeviceDraft("lab-1", Optional.empty(), Optional.of(GUID), Optional.of("b.efi"),
                Optional.of("192.0.2.1"), Optional.empty(), Optional.of("lab")), after);
        assertFalse(change.isEmpty());
        assertTrue(DeviceChange.builder().build().isEmpty());
        assertEquals(device.draft(), DeviceChange.builder().build().applyTo(device));
        assertEquals("invalid name: a device always has a name; rename it instead of clearing it",
                invalid(() -> new DeviceChange(FieldChange.clear(), FieldChange.keep(), FieldChange.keep(),
                        FieldChange.keep(), FieldChange.keep(), FieldChange.keep(), FieldChange.keep())));
        assertEquals("GUID 4c4c4544-0042-3510-8052-b4c04f564433", new Device(1, "g", Optional.empty(), Optional.of(GUID),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH, Optional.empty())
                .identity());
        assertEquals("GUID 4c4c4544-0042-3510-8052-b4c04f564433, MAC 52:54:00:12:34:56", device.identity());
    }

    @Test
    public void messagesSayWhoHasWhat() {
        assertEquals("MAC 52:54:00:12:34:56 already belongs to device 'lab-1'",
                new DuplicateException(DuplicateException.Field.MAC, "52:54:00:12:34:56", Optional.of("lab-1")).getMessage());
        assertEquals("GUID 4c4c4544-0042-3510-8052-b4c04f564433 already belongs to another device",
                new DuplicateException(DuplicateException.Field.GUID, GUID.toString(), Optional.empty()).getMessage());
        assertEquals("no device 'x' (by name or id)", new UnknownDeviceException("x").getMessage());
        assertEquals("line 7: bad; nothing was imported", new ImportException(7, "bad", null).getMessage());
    }
}
