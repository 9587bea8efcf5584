package org.karafpxe.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.shell.internal.Commands.with;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.Test;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.testing.InMemoryPolicyStore;

public class BannedGuidCommandsTest {

    private static final String GUID = "4c4c4544-0042-3510-8052-b4c04f564433";

    private final InMemoryPolicyStore store = new InMemoryPolicyStore();

    @Test
    public void addBansWithTheDefaultReasonAndWarnsOfDevicesWithTheGuid() throws Exception {
        store.add(DeviceDraft.builder("pc-01").guid(GUID).mac("52:54:00:12:34:56").build());
        String out = Commands.execute(add("{" + GUID.toUpperCase() + "}"), store);
        assertEquals("Banned GUID " + GUID + ": shared by several machines\n"
                + "Device 'pc-01' has this GUID: it is now recognised by its MAC 52:54:00:12:34:56 only.\n",
                out.replace(System.lineSeparator(), "\n"));
        assertTrue(store.isBanned(UUID.fromString(GUID)));
    }

    @Test
    public void addWarnsOfADeviceKnownByTheGuidOnly() throws Exception {
        store.add(DeviceDraft.builder("pc-01").guid(GUID).build());
        assertTrue(Commands.execute(add(GUID), store).contains("Device 'pc-01' has this GUID and no MAC: it is no "
                + "longer recognised when it boots; give it its MAC with pxe:device-set pc-01 --mac <mac>."));
    }

    @Test
    public void addAgainKeepsTheReasonUnlessANewOneIsGiven() throws Exception {
        Commands.execute(with(add(GUID), "reason", "Contoso X1 firmware"), store);
        assertTrue(Commands.execute(add(GUID), store).startsWith("GUID " + GUID + " is banned already, since "));
        assertEquals("Contoso X1 firmware", store.bannedGuids().get(0).reason());
        assertTrue(Commands.execute(with(add(GUID), "reason", "every X1"), store)
                .startsWith("Changed the reason of the ban of GUID " + GUID + ": every X1"));
        assertEquals("every X1", store.bannedGuids().get(0).reason());
    }

    @Test
    public void badReasonOrGuidIsRefused() throws Exception {
        assertTrue(Commands.failure(with(add(GUID), "reason", "two\nlines"), store)
                .startsWith("invalid reason 'two\nlines': say in 1 to 255 characters, on one line"));
        assertTrue(Commands.failure(add("nope"), store).startsWith("'nope' is not a GUID"));
    }

    @Test
    public void listAndRemove() throws Exception {
        assertTrue(Commands.execute(new BannedGuidListCommand(), store).contains("No GUID is banned."));
        Commands.execute(with(add(GUID), "reason", "Contoso X1 firmware"), store);
        List<String> lines = Commands.execute(new BannedGuidListCommand(), store).lines().toList();
        assertTrue(lines.toString(), lines.get(0).matches("GUID +\\| Banned +\\| Reason *"));
        assertTrue(lines.toString(), lines.get(2).matches(GUID + " \\| [0-9: -]{19} \\| Contoso X1 firmware *"));
        store.recordSighting(UUID.fromString(GUID), mac("525400000001"), Instant.now());
        store.recordSighting(UUID.fromString(GUID), mac("525400000002"), Instant.now());
        assertEquals("Lifted the ban of GUID " + GUID + ".\nNote: it has been seen from 2 MACs; a device prestaged "
                + "with it would match all of those machines.\n",
                Commands.execute(remove(GUID), store).replace(System.lineSeparator(), "\n"));
        assertEquals("GUID " + GUID + " is not banned; pxe:banned-guid-list shows the banned GUIDs",
                Commands.failure(remove(GUID), store));
    }

    @Test
    public void duplicateGuidsShowMacsAndBans() throws Exception {
        assertTrue(Commands.execute(new DuplicateGuidsCommand(), store)
                .contains("No GUID has been seen from more than one MAC."));
        store.recordSighting(UUID.fromString(GUID), mac("525400000002"), Instant.parse("2025-03-01T09:00:00Z"));
        store.recordSighting(UUID.fromString(GUID), mac("525400000001"), Instant.parse("2025-03-01T10:00:00Z"));
        List<String> lines = Commands.execute(new DuplicateGuidsCommand(), store).lines().toList();
        assertTrue(lines.toString(), lines.get(0).matches("GUID +\\| MACs +\\| Last seen +\\| Banned"));
        assertTrue(lines.toString(), lines.get(2).matches(GUID + " \\| 52:54:00:00:00:01, 52:54:00:00:00:02 \\| "
                + DeviceFormat.time(Instant.parse("2025-03-01T10:00:00Z")) + " \\| no *"));
        assertEquals("A GUID that several machines share matches them all to one device; ban it with "
                + "pxe:banned-guid-add <guid>.", lines.get(3));
    }

    private static MacAddress mac(String text) {
        return MacAddress.parse(text).orElseThrow();
    }

    private static BannedGuidAddCommand add(String guid) {
        return with(new BannedGuidAddCommand(), "guid", guid);
    }

    private static BannedGuidRemoveCommand remove(String guid) {
        return with(new BannedGuidRemoveCommand(), "guid", guid);
    }
}
