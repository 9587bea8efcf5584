package org.karafpxe.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.karafpxe.shell.internal.Commands.with;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PendingSighting;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.internal.EmbeddedStore;

public class PendingCommandsTest {
    @Rule
    public final EmbeddedStore embedded = new EmbeddedStore();

    private PolicyStore store;
    private PendingDevices pending;

    @Before
    public void start() {
        store = embedded.store();
        pending = (PendingDevices) store;
    }

    private PendingDevice held(String mac) {
        return pending.sighted(new PendingSighting(MacAddress.parse(mac).orElseThrow(), Optional.empty(), "x64-uefi",
                "192.0.2.1", Optional.empty(), Instant.now()), 100);
    }

    private <T extends StoreCommand> T queued(T command) {
        return with(command, command instanceof PendingApproveCommand ? "queue" : "pending", pending);
    }

    private PendingApproveCommand approve(String... machines) {
        return queued(with(new PendingApproveCommand(), "machines", List.of(machines)));
    }

    @Test
    public void theQueueIsListedAndApprovedMachinesBecomeDevicesNamedByTheTemplate() throws Exception {
        assertTrue(Commands.execute(queued(new PendingListCommand()), store).contains("No machine waits for approval."));
        PendingDevice a = held("52:54:00:00:00:0a");
        PendingDevice b = held("52:54:00:00:00:0b");
        String list = Commands.execute(queued(new PendingListCommand()), store);
        assertTrue(list, list.contains("52:54:00:00:00:0a") && list.contains("pending"));
        store.add(DeviceDraft.builder("lab-01").mac("52:54:00:00:00:99").build());
        String out = Commands.execute(with(with(approve(Long.toString(a.id()), "52:54:00:00:00:0b"),
                "template", "lab-%02#"), "taskScript", "echo reimage"), store);
        assertTrue(out, out.contains("Approved pending #" + a.id() + " (52:54:00:00:00:0a) as device 'lab-02'"));
        assertTrue(out, out.contains("as device 'lab-03'"));
        Device d = store.find("lab-03").orElseThrow();
        assertEquals(Optional.of(BootTask.everyBoot("echo reimage")), d.task());
        assertEquals(PendingDevice.State.APPROVED, pending.findPending(Long.toString(b.id())).orElseThrow().state());
        assertTrue("approved machines are listed with --all only",
                Commands.execute(queued(new PendingListCommand()), store).contains("No machine waits for approval."));
        assertTrue(Commands.execute(with(queued(new PendingListCommand()), "all", true), store).contains("approved"));
        assertTrue(Commands.failure(approve(Long.toString(a.id())), store).contains("is already approved, as lab-02"));
    }

    @Test
    public void aNamedApprovalTheDefaultTemplateAndTheRefusals() throws Exception {
        PendingDevice a = held("52:54:00:00:00:0c");
        PendingDevice b = held("52:54:00:00:00:0d");
        assertEquals("no pending machine 999, nope: name them by their number or MAC, as pxe:pending-list shows them",
                Commands.failure(approve("999", "nope"), store));
        assertTrue(Commands.failure(with(approve(Long.toString(a.id()), Long.toString(b.id())), "name", "x"), store)
                .startsWith("--name names one machine"));
        assertTrue(Commands.failure(with(approve(Long.toString(a.id())), "template", "lab"), store)
                .contains("has no counter"));
        assertTrue(Commands.failure(with(approve(Long.toString(a.id())), "name", "bad name!"), store)
                .contains("bad name!"));
        Commands.execute(with(approve(Long.toString(a.id())), "name", "kiosk"), store);
        assertTrue(store.find("kiosk").isPresent());
        Commands.execute(approve(Long.toString(b.id())), store);
        assertTrue("the default template", store.find("pc-001").isPresent());
    }

    @Test
    public void rejectDeleteAndClear() throws Exception {
        PendingDevice a = held("52:54:00:00:00:0e");
        String out = Commands.execute(queued(with(new PendingRejectCommand(), "machines", List.of("52:54:00:00:00:0e"))),
                store);
        assertEquals("Rejected pending #" + a.id() + " (52:54:00:00:00:0e): it boots its next device, until "
                + "pxe:pending-delete " + a.id() + ".\n", out.replace(System.lineSeparator(), "\n"));
        assertEquals(PendingDevice.State.REJECTED, pending.findPending(Long.toString(a.id())).orElseThrow().state());
        Commands.execute(queued(with(new PendingDeleteCommand(), "machines", List.of(Long.toString(a.id())))), store);
        assertEquals(List.of(), pending.listPending());
        held("52:54:00:00:00:0f");
        assertEquals("'later' is not a state of the pending queue: give pending, rejected or approved",
                Commands.failure(queued(with(new PendingClearCommand(), "states", List.of("later"))), store));
        assertTrue(Commands.execute(queued(with(with(new PendingClearCommand(), "states", List.of("pending")),
                "days", 1)), store).startsWith("Deleted 0 record(s)"));
        assertTrue(Commands.execute(queued(with(new PendingClearCommand(), "states", List.of("pending"))), store)
                .startsWith("Deleted 1 record(s)"));
    }
}
