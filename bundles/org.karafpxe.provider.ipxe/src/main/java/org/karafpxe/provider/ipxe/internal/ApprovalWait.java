package org.karafpxe.provider.ipxe.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceLookup;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PendingSighting;
import org.karafpxe.support.TicketBook;

/**
 * The scripts of a machine held for approval ({@link BootAnswer#APPROVAL_FOLDER}): it waits on its
 * screen and asks again every {@code approval.poll.s} seconds. The first script is
 * {@code ipxe/pending/<token>.ipxe}; each later one, {@code ipxe/pending/<token>/<since>.ipxe}, carries
 * when the wait began (a machine that changes it only changes its own wait). Once the store knows the
 * machine as a device (approved here or on another server sharing the store, or prestaged by hand),
 * iPXE boots again from the network with {@code autoboot}, and is answered as that device: its task,
 * or its default. A rejected machine boots from the network again too, and is answered with the
 * local-boot script; one that waited {@code approval.timeout.s}, and an unknown token, get the
 * local-boot script.
 */
final class ApprovalWait {
    private static final Pattern PATH = Pattern.compile("(" + TicketBook.PATTERN + ")(?:/([0-9]{1,12}))?\\.ipxe");

    /** What a waiting script said, for the log. */
    record Served(String script, String who, String what, boolean poll) {
    }

    private final DeviceLookup devices;
    private final PendingDevices pending;

    ApprovalWait(DeviceLookup devices, PendingDevices pending) {
        this.devices = devices;
        this.pending = pending;
    }

    /**
     * The script for {@code path} under {@link BootAnswer#APPROVAL_FOLDER}, or empty when the path is
     * not one of these scripts' names.
     */
    Optional<Served> script(String path, ScriptSettings s, Instant now) {
        Matcher m = PATH.matcher(path.substring(BootAnswer.APPROVAL_FOLDER.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        String localBoot = LocalBootScript.body(s.localBoot().text());
        Optional<PendingDevice> record = pending.byToken(m.group(1));
        if (record.isEmpty()) {
            return Optional.of(new Served(s.localBoot().text(), "an unknown pending token", "local boot", false));
        }
        PendingDevice p = record.get();
        String who = "pending #" + p.id() + " (" + p.mac() + ")";
        Optional<Device> device = devices.match(p.guid(), p.mac());
        if (device.isPresent()) {
            return Optional.of(new Served("#!ipxe\necho Approved: this machine boots from the network again.\n"
                    + "autoboot || exit 1\n", who, "approved as " + device.get().name() + ": autoboot", false));
        }
        if (p.state() == PendingDevice.State.REJECTED) {
            // Asked again, the server answers it with the local-boot script, as a machine sent to its next
            // boot device: the firmware's later network boot options (UEFI HTTP boot) then give up at once.
            return Optional.of(new Served("#!ipxe\necho Rejected by an administrator: booting the next device.\n"
                    + "autoboot || exit 1\n", who, "rejected: autoboot, to the local-boot script", false));
        }
        long timeout = s.approvalTimeoutSeconds();
        boolean first = m.group(2) == null;
        long since = first ? now.getEpochSecond() : Long.parseLong(m.group(2));
        long waited = now.getEpochSecond() - since;
        if (waited > timeout || waited < -60) {
            return Optional.of(new Served("#!ipxe\necho No approval within " + timeout + " s: booting the next "
                    + "device.\n" + localBoot, who, "waited " + timeout + " s: local boot", false));
        }
        // A machine that asks is seen: under a flood of new machines the queue keeps the waiting ones.
        pending.sighted(new PendingSighting(p.mac(), p.guid(), p.architecture(), p.address(), p.relay(), now),
                Integer.MAX_VALUE);
        // Relative to this script's folder: ipxe/pending/ for the first, ipxe/pending/<token>/ after.
        String next = (first ? m.group(1).toLowerCase(java.util.Locale.ROOT) + "/" : "") + since + ".ipxe";
        StringBuilder script = new StringBuilder("#!ipxe\n");
        if (first) {
            script.append("echo This machine waits for an administrator's approval on the PXE server (pending #")
                    .append(p.id()).append(", MAC ").append(p.mac()).append(").\n")
                    .append("echo It goes on by itself once approved; without approval it boots its next device in ")
                    .append(Duration.ofSeconds(timeout).toMinutes()).append(" min.\n");
        }
        // --replace: each poll takes the place of the last, so a long wait does not stack images.
        script.append(":poll\nsleep ").append(s.approvalPollSeconds()).append("\nchain --replace --autofree ")
                .append(next).append(" || goto poll\n");
        return Optional.of(new Served(script.toString(), who, first ? "waits for approval" : "still waits ("
                + waited + " s)", !first));
    }
}
