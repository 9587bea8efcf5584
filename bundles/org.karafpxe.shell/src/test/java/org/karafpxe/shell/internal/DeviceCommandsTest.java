package org.karafpxe.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.shell.internal.Commands.with;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.testing.InMemoryPolicyStore;

public class DeviceCommandsTest {

    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    private static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");

    private final InMemoryPolicyStore store = new InMemoryPolicyStore(Clock.fixed(CREATED, ZoneOffset.UTC));

    @Test
    public void withoutTheStoreTheCommandsSayWhy() throws Exception {
        assertEquals(StoreCommand.STORE_NOT_RUNNING, Commands.failure(new DeviceListCommand(), null));
    }

    @Test
    public void addPrintsTheDevice() throws Exception {
        DeviceAddCommand add = with(add("pc-01"), "guid", "{4C4C4544-0042-3510-8052-B4C04F564433}");
        String out = Commands.execute(with(with(with(add, "group", "lab"), "taskScript",
                "#!ipxe\nchain http://x/${mac}\n"), "oneShot", true), store);
        assertEquals("Added device 'pc-01' (id 1).\n"
                + "Id:              1\n"
                + "Name:            pc-01\n"
                + "MAC:             -\n"
                + "GUID:            4c4c4544-0042-3510-8052-b4c04f564433\n"
                + "Boot program:    - (the default for its architecture)\n"
                + "Referral server: - (this server)\n"
                + "Group:           lab\n"
                + "Task:            one-shot (the next network boot only, then cleared)\n"
                + "Created:         " + DeviceFormat.time(CREATED) + "\n"
                + "Last seen:       never\n"
                + "Task script:\n"
                + "chain http://x/${mac}\n", out.replace(System.lineSeparator(), "\n"));
    }

    @Test
    public void addNeedsMacOrGuid() throws Exception {
        assertEquals("give --mac, --guid or both: device 'pc-01' is recognised by them when it boots",
                Commands.failure(add("pc-01"), store));
    }

    @Test
    public void addPassesTheStoresRefusals() throws Exception {
        Commands.execute(with(add("pc-01"), "mac", "52:54:00:12:34:56"), store);
        assertEquals("the name 'PC-01' is taken by device 'pc-01' (names ignore case)",
                Commands.failure(with(add("PC-01"), "mac", "52:54:00:12:34:57"), store));
        assertEquals("MAC 52:54:00:12:34:56 already belongs to device 'pc-01'",
                Commands.failure(with(add("pc-02"), "mac", "525400123456"), store));
        assertTrue(Commands.failure(with(add("pc 2"), "mac", "525400123457"), store)
                .startsWith("invalid name 'pc 2': use 1 to 64 letters"));
        assertTrue(Commands.failure(with(add("pc-2"), "mac", "5254001234"), store)
                .startsWith("invalid mac '52:54:00:12:34': a prestaged device has a 6-byte Ethernet MAC"));
        assertTrue(Commands.failure(with(add("pc-2"), "guid", "00000000-0000-0000-0000-000000000000"), store)
                .startsWith("invalid guid '00000000-0000-0000-0000-000000000000': firmware reports this GUID"));
        assertTrue(Commands.failure(with(with(add("pc-2"), "mac", "525400123457"), "bootProgram", "a b"), store)
                .startsWith("invalid bootProgram 'a b'"));
    }

    @Test
    public void addReadsTheTaskFromAFile() throws Exception {
        File f = dir.newFile("task.ipxe");
        Files.writeString(f.toPath(), "chain http://x/reimage\r\n");
        Commands.execute(with(with(add("pc-01"), "mac", "52:54:00:12:34:56"), "taskFile", f.getPath()), store);
        assertEquals(Optional.of(BootTask.everyBoot("chain http://x/reimage")),
                store.find("pc-01").orElseThrow().task());
    }

    @Test
    public void listShowsOneDeviceARowAndFiltersByGroup() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").group("Lab")
                .task(BootTask.oneShot("sanboot")).build());
        store.add(DeviceDraft.builder("pc-02").guid("4c4c4544-0042-3510-8052-b4c04f564433").referralServer("boot2")
                .task(BootTask.everyBoot("sanboot")).build());
        String all = Commands.execute(new DeviceListCommand(), store);
        List<String> lines = all.lines().toList();
        assertEquals(4, lines.size());
        assertTrue(all, lines.get(0).matches("Id \\| Name +\\| MAC +\\| GUID +\\| Boot program \\| Referral \\| Group "
                + "\\| Task +\\| Last seen *"));
        assertTrue(all, lines.get(2).matches(" *1 \\| pc-01 \\| 52:54:00:12:34:56 \\| - +\\| - +\\| - +\\| Lab +"
                + "\\| one-shot +\\| never *"));
        assertTrue(all, lines.get(3).matches(" *2 \\| pc-02 \\| - +\\| 4c4c4544-0042-3510-8052-b4c04f564433 \\| - +"
                + "\\| boot2 +\\| - +\\| every boot \\| never *"));
        String lab = Commands.execute(with(new DeviceListCommand(), "group", "lab"), store);
        assertTrue(lab, lab.contains("pc-01"));
        assertFalse(lab, lab.contains("pc-02"));
        assertTrue(Commands.execute(with(new DeviceListCommand(), "group", "room9"), store)
                .contains("No device is in group 'room9'."));
        assertTrue(Commands.execute(new DeviceListCommand(), new InMemoryPolicyStore())
                .contains("No device is prestaged."));
    }

    @Test
    public void showTakesNameOrIdAndNamesTheUnknown() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").build());
        assertTrue(Commands.execute(with(new DeviceShowCommand(), "device", "PC-01"), store)
                .contains("Id:              1"));
        assertTrue(Commands.execute(with(new DeviceShowCommand(), "device", "1"), store)
                .contains("Name:            pc-01"));
        assertEquals("no device 'pc-02' (by name or id)",
                Commands.failure(with(new DeviceShowCommand(), "device", "pc-02"), store));
    }

    @Test
    public void removeRemovesNothingWhenOneIsUnknown() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").build());
        store.add(DeviceDraft.builder("pc-02").mac("52:54:00:12:34:57").build());
        assertEquals("no device 'pc-09' (by name or id); nothing was removed",
                Commands.failure(remove("pc-01", "pc-09"), store));
        assertEquals("no devices 'pc-08', '9' (by name or id); nothing was removed",
                Commands.failure(remove("pc-08", "pc-01", "9"), store));
        assertEquals(2, store.list().size());
        String out = Commands.execute(remove("pc-01", "1", "PC-02"), store);
        assertEquals("Removed device 'pc-01' (id 1).\nRemoved device 'pc-02' (id 2).\n",
                out.replace(System.lineSeparator(), "\n"));
        assertEquals(List.of(), store.list());
    }

    @Test
    public void importPrintsTheCountsAndPassesTheLineOfABadRow() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").build());
        File f = dir.newFile("devices.csv");
        Files.writeString(f.toPath(), PolicyStore.CSV_HEADER + "\npc-01,52:54:00:12:34:56,,,,lab,,\n"
                + "pc-02,52:54:00:12:34:57,,,,lab,,\npc-03,,4c4c4544-0042-3510-8052-b4c04f564433,,,,,\n");
        assertEquals("Imported 3 devices from " + f.getAbsolutePath() + ": 2 added, 1 updated, 0 unchanged.\n",
                Commands.execute(with(new DeviceImportCommand(), "file", f.getPath()), store)
                        .replace(System.lineSeparator(), "\n"));
        assertEquals(Optional.of("lab"), store.find("pc-01").orElseThrow().group());
        assertEquals(3, store.list().size());
        Files.writeString(f.toPath(), PolicyStore.CSV_HEADER + "\nbad\n");
        assertEquals("line 2: 1 fields where the header has 8; nothing was imported",
                Commands.failure(with(new DeviceImportCommand(), "file", f.getPath()), store));
        assertEquals(3, store.list().size());
    }

    @Test
    public void importRefusesFilesItCannotRead() throws Exception {
        String missing = new File(dir.getRoot(), "none.csv").getAbsolutePath();
        assertEquals("the CSV file " + missing + " does not exist",
                Commands.failure(with(new DeviceImportCommand(), "file", missing), store));
        File latin1 = dir.newFile("latin1.csv");
        Files.write(latin1.toPath(), (PolicyStore.CSV_HEADER + "\nb\u00fcro-1,525400123456,,,,,,\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("the CSV file " + latin1.getAbsolutePath() + " is not UTF-8 text; save it as UTF-8",
                Commands.failure(with(new DeviceImportCommand(), "file", latin1.getPath()), store));
    }

    @Test
    public void exportWritesToTheConsoleOrAFileAndKeepsAnExistingFile() throws Exception {
        store.add(DeviceDraft.builder("pc-01").mac("52:54:00:12:34:56").build());
        String csv = PolicyStore.CSV_HEADER + "\r\npc-01,52:54:00:12:34:56,,,,,,\r\n";
        assertEquals(csv, Commands.execute(new DeviceExportCommand(), store));
        File f = new File(dir.getRoot(), "out.csv");
        assertEquals("Exported the devices to " + f.getAbsolutePath() + ".\n",
                Commands.execute(with(new DeviceExportCommand(), "file", f.getPath()), store)
                        .replace(System.lineSeparator(), "\n"));
        assertEquals(csv, Files.readString(f.toPath()));
        assertEquals("the CSV file " + f.getAbsolutePath() + " exists; give --force to replace it",
                Commands.failure(with(new DeviceExportCommand(), "file", f.getPath()), store));
        store.add(DeviceDraft.builder("pc-02").mac("52:54:00:12:34:57").build());
        Commands.execute(with(with(new DeviceExportCommand(), "file", f.getPath()), "force", true), store);
        assertTrue(Files.readString(f.toPath()).contains("pc-02"));
        assertEquals(List.of(f), List.of(dir.getRoot().listFiles()));
        String nowhere = new File(dir.getRoot(), "no/out.csv").getAbsolutePath();
        assertEquals("the directory " + new File(nowhere).getParent() + " does not exist; create it first",
                Commands.failure(with(new DeviceExportCommand(), "file", nowhere), store));
    }

    private static DeviceAddCommand add(String name) {
        return with(new DeviceAddCommand(), "name", name);
    }

    private static DeviceRemoveCommand remove(String... devices) {
        return with(new DeviceRemoveCommand(), "devices", List.of(devices));
    }
}
