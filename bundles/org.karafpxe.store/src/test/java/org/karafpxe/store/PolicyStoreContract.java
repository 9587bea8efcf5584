package org.karafpxe.store;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.karafpxe.api.MacAddress;

/**
 * What every {@link PolicyStore} does, whatever keeps its data: the JDBC store on H2 and on
 * PostgreSQL ({@code org.karafpxe.store.internal.PolicyStoreTest}) and the in-memory store of
 * {@code org.karafpxe.testing} pass the same tests. A subclass gives a new, empty store for each
 * test, and adds the tests that only its kind of store can run (a database's own constraints,
 * several servers on one database).
 */
public abstract class PolicyStoreContract {

    protected static final Instant NOW = Instant.parse("2024-05-01T10:00:00.123Z");
    protected static final UUID GUID_A = UUID.fromString("4c4c4544-0042-3510-8052-b4c04f564433");
    protected static final UUID GUID_B = UUID.fromString("03000200-0400-0500-0006-000700080009");
    protected static final UUID GUID_C = UUID.fromString("8d8e9f10-aaaa-4bbb-8ccc-0123456789ab");
    protected static final MacAddress MAC_1 = mac("52:54:00:12:34:56");
    protected static final MacAddress MAC_2 = mac("52:54:00:ab:cd:ef");
    protected static final MacAddress MAC_3 = mac("00:1a:2b:3c:4d:5e");

    /** The store under test, from {@link #newStore}. */
    protected PolicyStore store;
    /** Threads for the tests that race calls against each other. */
    protected ExecutorService pool;

    /**
     * A new, empty store for one test, whose creation and ban times come from the clock.
     *
     * @param clock stands still at {@link #NOW}
     */
    protected abstract PolicyStore newStore(Clock clock) throws Exception;

    /** Releases what {@link #newStore} took (a database), after each test; nothing by default. */
    protected void closeStore() throws Exception {
    }

    @Before
    public final void openStore() throws Exception {
        store = newStore(Clock.fixed(NOW, ZoneOffset.UTC));
        pool = Executors.newCachedThreadPool();
    }

    @After
    public final void stopStore() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        closeStore();
    }

    protected static MacAddress mac(String text) {
        return MacAddress.parse(text).orElseThrow();
    }

    protected Device add(String name, MacAddress mac, UUID guid) {
        return store.add(new DeviceDraft(name, Optional.ofNullable(mac), Optional.ofNullable(guid),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    // ---------------------------------------------------------------- devices

    @Test
    public void addFindListUpdateRemove() {
        Device lab2 = store.add(DeviceDraft.builder("lab-2").mac("52-54-00-AB-CD-EF").group("lab")
                .bootProgram("ipxe/snponly.efi").build());
        Device lab1 = add("Lab-1", null, GUID_A);
        assertNotEquals(lab1.id(), lab2.id());
        assertEquals(NOW, lab2.created());
        assertEquals(Optional.empty(), lab2.lastSeen());
        assertEquals(Optional.of(MAC_2), lab2.mac());

        assertEquals(Optional.of(lab2), store.find("LAB-2"));
        assertEquals(Optional.of(lab2), store.find(Long.toString(lab2.id())));
        assertEquals(Optional.of(lab1), store.find(lab1.id()));
        assertEquals(Optional.empty(), store.find("lab-3"));
        assertEquals(List.of(lab1, lab2), store.list());

        Device changed = store.update("lab-2", DeviceChange.builder().referralServer("192.0.2.10").clearGroup()
                .guid(GUID_B).build());
        assertEquals(Optional.of("192.0.2.10"), changed.referralServer());
        assertEquals(Optional.empty(), changed.group());
        assertEquals(Optional.of(GUID_B), changed.guid());
        assertEquals(Optional.of("ipxe/snponly.efi"), changed.bootProgram());
        assertEquals(lab2.created(), changed.created());
        assertEquals(Optional.of(changed), store.find(lab2.id()));

        Device renamed = store.update(lab1.id(), DeviceChange.builder().name("lab-0").build());
        assertEquals("lab-0", renamed.name());
        assertEquals(Optional.empty(), store.find("Lab-1"));
        assertEquals(List.of("lab-0", "lab-2"), store.list().stream().map(Device::name).collect(Collectors.toList()));

        assertTrue(store.remove(Long.toString(lab2.id())));
        assertFalse(store.remove("lab-2"));
        assertTrue(store.remove("LAB-0"));
        assertEquals(List.of(), store.list());
    }

    @Test
    public void unknownDevicesAreNamedInTheMessage() {
        UnknownDeviceException e = assertThrows(UnknownDeviceException.class,
                () -> store.update("ghost", DeviceChange.builder().group("x").build()));
        assertEquals("no device 'ghost' (by name or id)", e.getMessage());
        e = assertThrows(UnknownDeviceException.class, () -> store.setTask("42", Optional.empty()));
        assertEquals("no device '42' (by name or id)", e.getMessage());
    }

    @Test
    public void anUpdateThatLeavesNoIdentityIsRefused() {
        add("lab-1", MAC_1, null);
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> store.update("lab-1", DeviceChange.builder().clearMac().build()));
        assertTrue(e.getMessage(), e.getMessage().contains("needs a MAC or a GUID"));
        assertEquals(Optional.of(MAC_1), store.find("lab-1").orElseThrow().mac());
    }

    @Test
    public void matchTakesTheGuidBeforeTheMac() {
        Device byGuid = add("by-guid", MAC_3, GUID_A);
        Device byMac = add("by-mac", MAC_1, null);
        assertEquals(Optional.of(byGuid), store.match(Optional.of(GUID_A), MAC_1));
        assertEquals(Optional.of(byGuid), store.match(Optional.of(GUID_A), MAC_2));
        assertEquals(Optional.of(byMac), store.match(Optional.empty(), MAC_1));
        assertEquals(Optional.of(byMac), store.match(Optional.of(GUID_C), MAC_1));
        assertEquals(Optional.of(byGuid), store.match(Optional.empty(), MAC_3));
        assertEquals(Optional.empty(), store.match(Optional.of(GUID_C), MAC_2));
        assertEquals(Optional.empty(), store.match(Optional.empty(), mac("52:54")));
    }

    @Test
    public void aBannedGuidMatchesNoDevice() {
        add("by-guid", null, GUID_A);
        Device byMac = add("by-mac", MAC_1, null);
        store.banGuid(GUID_A, "every unit of this model reports it");
        assertEquals(Optional.of(byMac), store.match(Optional.of(GUID_A), MAC_1));
        assertEquals(Optional.empty(), store.match(Optional.of(GUID_A), MAC_2));
    }

    @Test
    public void markSeenOnlyMovesForward() {
        Device d = add("lab-1", MAC_1, null);
        Instant t1 = Instant.parse("2024-05-02T08:00:00Z");
        store.markSeen(d.id(), t1);
        store.markSeen(d.id(), t1.minusSeconds(60));
        assertEquals(Optional.of(t1), store.find(d.id()).orElseThrow().lastSeen());
        store.markSeen(d.id(), t1.plusMillis(1));
        assertEquals(Optional.of(t1.plusMillis(1)), store.find(d.id()).orElseThrow().lastSeen());
        store.markSeen(d.id() + 1000, t1); // removed meanwhile: nothing to note, no error
    }

    @Test
    public void bootsNotedInOneBatchFollowTheSameRules() {
        Device a = add("lab-1", MAC_1, null);
        Device b = add("lab-2", MAC_2, null);
        Instant t1 = Instant.parse("2024-05-02T08:00:00Z");
        store.markSeen(b.id(), t1.plusSeconds(60));
        store.markSeen(Map.of(a.id(), t1, b.id(), t1, a.id() + b.id() + 1000, t1));
        assertEquals(Optional.of(t1), store.find(a.id()).orElseThrow().lastSeen());
        assertEquals("only forward", Optional.of(t1.plusSeconds(60)), store.find(b.id()).orElseThrow().lastSeen());
        store.markSeen(Map.of());
    }

    // ---------------------------------------------------------------- duplicates

    @Test
    public void aTakenMacIsRefusedNamingItsDevice() {
        add("lab-1", MAC_1, null);
        DuplicateException e = assertThrows(DuplicateException.class,
                () -> store.add(DeviceDraft.builder("lab-2").mac("525400123456").build()));
        assertEquals("MAC 52:54:00:12:34:56 already belongs to device 'lab-1'", e.getMessage());
        assertEquals(DuplicateException.Field.MAC, e.field());
        assertEquals(Optional.of("lab-1"), e.owner());

        add("lab-2", MAC_2, null);
        e = assertThrows(DuplicateException.class, () -> store.update("lab-2", DeviceChange.builder().mac(MAC_1).build()));
        assertEquals("MAC 52:54:00:12:34:56 already belongs to device 'lab-1'", e.getMessage());
        assertEquals(Optional.of(MAC_2), store.find("lab-2").orElseThrow().mac());
    }

    @Test
    public void aTakenGuidIsRefusedNamingItsDevice() {
        add("lab-1", null, GUID_A);
        DuplicateException e = assertThrows(DuplicateException.class, () -> add("lab-2", MAC_1, GUID_A));
        assertEquals("GUID 4c4c4544-0042-3510-8052-b4c04f564433 already belongs to device 'lab-1'", e.getMessage());
        assertEquals(1, store.list().size());
    }

    @Test
    public void aTakenNameIsRefusedIgnoringCase() {
        add("lab-1", MAC_1, null);
        DuplicateException e = assertThrows(DuplicateException.class, () -> add("lab-1", MAC_2, null));
        assertEquals("a device named 'lab-1' already exists", e.getMessage());
        e = assertThrows(DuplicateException.class, () -> add("LAB-1", MAC_2, null));
        assertEquals("the name 'LAB-1' is taken by device 'lab-1' (names ignore case)", e.getMessage());
        add("lab-2", MAC_2, null);
        e = assertThrows(DuplicateException.class, () -> store.update("lab-2", DeviceChange.builder().name("Lab-1").build()));
        assertEquals("the name 'Lab-1' is taken by device 'lab-1' (names ignore case)", e.getMessage());
        // Changing the case of a device's own name is no conflict.
        assertEquals("LAB-2", store.update("lab-2", DeviceChange.builder().name("LAB-2").build()).name());
    }

    @Test(timeout = 120_000)
    public void ofThreadsAddingOneMacAtOnceOneWinsAndTheOthersAreToldWhoHasIt() throws Exception {
        int threads = 8;
        for (int round = 0; round < 5; round++) {
            MacAddress mac = MacAddress.of(new byte[] {0x52, 0x54, 0, 0x77, 0, (byte) round});
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Device>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "race-" + round + "-" + t;
                results.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return add(name, mac, null);
                }));
            }
            List<Device> winners = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            for (Future<Device> f : results) {
                try {
                    winners.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue("unexpected " + e.getCause(), e.getCause() instanceof DuplicateException);
                    refusals.add(e.getCause().getMessage());
                }
            }
            assertEquals("one winner in round " + round, 1, winners.size());
            String expected = "MAC " + mac + " already belongs to device '" + winners.get(0).name() + "'";
            assertEquals(Collections.nCopies(threads - 1, expected), refusals);
        }
        assertEquals(5, store.list().size());
    }

    // ---------------------------------------------------------------- tasks

    @Test(timeout = 120_000)
    public void aOneShotTaskGoesToExactlyOneOfTwentyThreads() throws Exception {
        Device d = add("reimage-me", MAC_1, null);
        for (int round = 0; round < 3; round++) {
            BootTask task = BootTask.oneShot("chain http://deploy/round-" + round + ".ipxe");
            store.setTask("reimage-me", Optional.of(task));
            List<Optional<BootTask>> got = race(20, i -> store.consumeOneShotTask(d.id()));
            assertEquals("round " + round + ": " + got, 1, got.stream().filter(Optional::isPresent).count());
            assertEquals(task, got.stream().flatMap(Optional::stream).findFirst().orElseThrow());
            assertEquals(Optional.empty(), store.find(d.id()).orElseThrow().task());
        }
    }

    @Test
    public void aTaskForEveryBootIsReturnedEachTimeAndKept() {
        Device d = add("kiosk", MAC_1, null);
        BootTask task = BootTask.everyBoot("#!ipxe\r\nchain http://kiosk/boot.ipxe\r\n");
        assertEquals("chain http://kiosk/boot.ipxe", task.script());
        store.setTask("KIOSK", Optional.of(task));
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.of(task), store.consumeOneShotTask(d.id()));
        }
        assertEquals(Optional.of(task), store.find("kiosk").orElseThrow().task());
        store.setTask(Long.toString(d.id()), Optional.empty());
        assertEquals(Optional.empty(), store.consumeOneShotTask(d.id()));
        assertEquals(Optional.empty(), store.consumeOneShotTask(d.id() + 1000));
    }

    @Test
    public void aTaskOfTheLargestSizeIsStoredWhole() {
        String line = "echo " + "x".repeat(58) + "\n"; // 64 bytes
        String script = line.repeat(BootTask.MAX_SCRIPT_BYTES / 64 - 1) + "echo x" + "é".repeat(29);
        assertEquals(BootTask.MAX_SCRIPT_BYTES, script.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        Device d = store.add(DeviceDraft.builder("big-task").mac(MAC_1).task(BootTask.oneShot(script)).build());
        assertEquals(script, store.consumeOneShotTask(d.id()).orElseThrow().script());
    }

    // ---------------------------------------------------------------- GUIDs

    @Test
    public void bannedGuidsAreListedCheckedAndLifted() {
        store.banGuid(GUID_B, "placeholder of the Foo 3000 firmware");
        store.banGuid(GUID_A, "shared by the lab VMs");
        assertEquals(List.of(new BannedGuid(GUID_B, "placeholder of the Foo 3000 firmware", NOW),
                new BannedGuid(GUID_A, "shared by the lab VMs", NOW)), store.bannedGuids());
        assertTrue(store.isBanned(GUID_A));
        assertFalse(store.isBanned(GUID_C));

        store.banGuid(GUID_A, "cloned image");
        assertEquals("cloned image", store.bannedGuids().get(1).reason());
        assertEquals(2, store.bannedGuids().size());

        assertTrue(store.unbanGuid(GUID_A));
        assertFalse(store.unbanGuid(GUID_A));
        assertFalse(store.isBanned(GUID_A));
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> store.banGuid(GUID_C, " "));
        assertTrue(e.getMessage(), e.getMessage().startsWith("invalid reason ' ': "));
    }

    @Test
    public void guidsSeenFromSeveralMacsAreDuplicates() {
        Instant t1 = Instant.parse("2024-05-02T08:00:00Z");
        store.recordSighting(GUID_A, MAC_1, t1);
        store.recordSighting(GUID_A, MAC_2, t1.plusSeconds(10));
        store.recordSighting(GUID_A, MAC_1, t1.plusSeconds(20));
        store.recordSighting(GUID_A, MAC_1, t1.plusSeconds(5)); // late report from another server
        store.recordSighting(GUID_C, MAC_3, t1); // one MAC: a machine with its own GUID
        store.recordSighting(GUID_B, MAC_3, t1);
        store.recordSighting(GUID_B, MAC_2, t1);
        store.banGuid(GUID_B, "placeholder");
        assertEquals(List.of(
                new DuplicateGuid(GUID_B, List.of(MAC_3, MAC_2), t1, true),
                new DuplicateGuid(GUID_A, List.of(MAC_1, MAC_2), t1.plusSeconds(20), false)),
                sortedMacs(store.duplicateGuids()));
    }

    @Test
    public void sightingsNotedInOneBatchCountAsEachAlone() {
        Instant t1 = Instant.parse("2024-05-02T08:00:00Z");
        store.recordSighting(GUID_A, MAC_1, t1);
        store.recordSightings(List.of(new Sighting(GUID_A, MAC_2, t1.plusSeconds(10)),
                new Sighting(GUID_A, MAC_1, t1.plusSeconds(20)), new Sighting(GUID_C, MAC_3, t1)));
        store.recordSightings(List.of());
        assertEquals(List.of(new DuplicateGuid(GUID_A, List.of(MAC_1, MAC_2), t1.plusSeconds(20), false)),
                sortedMacs(store.duplicateGuids()));
    }

    @Test(timeout = 120_000)
    public void concurrentFirstSightingsOfOnePairAllCount() throws Exception {
        List<Optional<Void>> done = race(10, i -> {
            store.recordSighting(GUID_A, MAC_1, NOW.plusMillis(i));
            store.banGuid(GUID_A, "race " + i);
            return Optional.empty();
        });
        assertEquals(10, done.size());
        store.recordSighting(GUID_A, MAC_2, NOW);
        DuplicateGuid dup = store.duplicateGuids().get(0);
        assertEquals(NOW.plusMillis(9), dup.lastSeen());
        assertTrue(dup.banned());
    }

    /** Orders MACs by their text (the database orders by its hex form, which sorts the same). */
    private static List<DuplicateGuid> sortedMacs(List<DuplicateGuid> list) {
        for (DuplicateGuid d : list) {
            List<String> texts = d.macs().stream().map(Object::toString).collect(Collectors.toList());
            List<String> sorted = new ArrayList<>(texts);
            Collections.sort(sorted);
            assertEquals("MACs in order", sorted, texts);
        }
        return list;
    }

    // ---------------------------------------------------------------- CSV

    private static String csvRows(int count, int badRow, String badMac) {
        StringBuilder b = new StringBuilder(PolicyStore.CSV_HEADER).append("\n");
        for (int i = 1; i <= count; i++) {
            String mac = i == badRow ? badMac : String.format("52:54:00:00:%02x:%02x", i >> 8, i & 0xff);
            String guid = i % 3 == 0 ? new UUID(0x1234L, i).toString() : "";
            String task = i % 5 == 0 ? "chain http://deploy/" + i + ".ipxe" : "";
            String oneShot = i % 5 == 0 ? Boolean.toString(i % 10 == 0) : "";
            b.append("pc-").append(i).append(',').append(mac).append(',').append(guid).append(",,,")
                    .append(i % 2 == 0 ? "even" : "").append(',').append(task).append(',').append(oneShot).append("\n");
        }
        return b.toString();
    }

    @Test
    public void aFewHundredRowsAreImported() throws Exception {
        ImportResult result = store.importCsv(new StringReader(csvRows(300, 0, null)));
        assertEquals(new ImportResult(300, 0, 0), result);
        List<Device> all = store.list();
        assertEquals(300, all.size());
        Device pc150 = store.find("pc-150").orElseThrow();
        assertEquals(Optional.of(mac("52:54:00:00:00:96")), pc150.mac());
        assertEquals(Optional.of(new UUID(0x1234L, 150)), pc150.guid());
        assertEquals(Optional.of("even"), pc150.group());
        assertEquals(Optional.of(BootTask.oneShot("chain http://deploy/150.ipxe")), pc150.task());
        assertEquals(Optional.of(BootTask.everyBoot("chain http://deploy/5.ipxe")), store.find("pc-5").orElseThrow().task());

        // The same file again changes nothing.
        assertEquals(new ImportResult(0, 0, 300), store.importCsv(new StringReader(csvRows(300, 0, null))));
        assertEquals(all, store.list());
    }

    @Test
    public void aBadRowInTheMiddleImportsNothing() throws Exception {
        ImportException e = assertThrows(ImportException.class,
                () -> store.importCsv(new StringReader(csvRows(300, 150, "52:54:00:zz:00:01"))));
        assertEquals("line 151: invalid mac '52:54:00:zz:00:01': use 6 bytes of hex: 52:54:00:12:34:56, "
                + "52-54-00-12-34-56 or 525400123456; nothing was imported", e.getMessage());
        assertEquals(151, e.line());
        assertEquals(List.of(), store.list());
    }

    @Test
    public void aRowClashingWithAStoredDeviceImportsNothing() throws Exception {
        add("old-pc", mac("52:54:00:00:00:c8"), null); // what row 200 gives pc-200
        add("pc-7", MAC_1, null); // updated by row 7 before the clash
        ImportException e = assertThrows(ImportException.class,
                () -> store.importCsv(new StringReader(csvRows(300, 0, null))));
        assertEquals("line 201: MAC 52:54:00:00:00:c8 already belongs to device 'old-pc'; nothing was imported",
                e.getMessage());
        assertEquals(List.of("old-pc", "pc-7"), store.list().stream().map(Device::name).collect(Collectors.toList()));
        assertEquals(Optional.of(MAC_1), store.find("pc-7").orElseThrow().mac());
    }

    @Test
    public void aMacGivenTwiceInTheFileImportsNothing() throws Exception {
        String csv = "name,mac\nlab-1,52:54:00:12:34:56\nlab-2,52:54:00:12:34:57\nlab-3,52-54-00-12-34-56\n";
        ImportException e = assertThrows(ImportException.class, () -> store.importCsv(new StringReader(csv)));
        assertEquals("line 4: MAC 52:54:00:12:34:56 is also on line 2; each device needs its own; nothing was imported",
                e.getMessage());
        assertEquals(List.of(), store.list());
    }

    @Test
    public void importUpdatesKnownDevicesByName() throws Exception {
        Device kept = store.add(DeviceDraft.builder("lab-1").mac(MAC_1).group("lab").build());
        store.markSeen(kept.id(), NOW.plusSeconds(5));
        ImportResult r = store.importCsv(new StringReader("mac,name,group,bootProgram\n"
                + "52:54:00:12:34:56,LAB-1,lab,ipxe/snponly.efi\n52:54:00:ab:cd:ef,lab-2,,\n"));
        assertEquals(new ImportResult(1, 1, 0), r);
        Device updated = store.find("lab-1").orElseThrow();
        assertEquals(kept.id(), updated.id());
        assertEquals("LAB-1", updated.name());
        assertEquals(Optional.of("ipxe/snponly.efi"), updated.bootProgram());
        assertEquals(Optional.of(NOW.plusSeconds(5)), updated.lastSeen());
        assertEquals(kept.created(), updated.created());
    }

    @Test
    public void exportThenImportGivesTheSameDevices() throws Exception {
        store.add(DeviceDraft.builder("full").mac(MAC_1).guid(GUID_A).bootProgram("http://boot/a,b.efi")
                .referralServer("boot2.example.com").group("lab")
                .task(BootTask.oneShot("echo \"wiping\", then\n  chain http://deploy/wipe.ipxe\nshell")).build());
        store.add(DeviceDraft.builder("guid-only").guid(GUID_B).task(BootTask.everyBoot("exit")).build());
        store.add(DeviceDraft.builder("mac-only").mac(MAC_2).build());
        List<DeviceDraft> before = store.list().stream().map(Device::draft).collect(Collectors.toList());

        StringWriter exported = new StringWriter();
        store.exportCsv(exported);
        assertTrue(exported.toString(), exported.toString().startsWith(PolicyStore.CSV_HEADER + "\r\n"));
        for (Device d : store.list()) {
            store.remove(d.name());
        }
        assertEquals(new ImportResult(3, 0, 0), store.importCsv(new StringReader(exported.toString())));
        assertEquals(before, store.list().stream().map(Device::draft).collect(Collectors.toList()));

        StringWriter again = new StringWriter();
        store.exportCsv(again);
        assertEquals(exported.toString(), again.toString());
    }

    // ---------------------------------------------------------------- helpers

    protected interface Racer<T> {
        T run(int index) throws Exception;
    }

    /** Runs n calls at once (as near as threads can) and collects what each returned. */
    protected <T> List<T> race(int n, Racer<T> racer) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Callable<T> call = () -> {
                start.await(30, TimeUnit.SECONDS);
                return racer.run(index);
            };
            futures.add(pool.submit(call));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }
}
