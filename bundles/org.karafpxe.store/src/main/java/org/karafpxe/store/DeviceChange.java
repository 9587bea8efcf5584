package org.karafpxe.store;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.karafpxe.api.MacAddress;

/**
 * A partial update of a device, as {@code device-set} gives it: each field is kept, set or
 * cleared. Applied to the stored device inside the store's transaction, so that two operators
 * changing different fields of one device do not undo each other's change.
 *
 * <pre>
 * DeviceChange.builder().bootProgram("ipxe/snponly.efi").clearReferralServer().build()
 * </pre>
 */
public record DeviceChange(FieldChange<String> name, FieldChange<MacAddress> mac, FieldChange<UUID> guid,
        FieldChange<String> bootProgram, FieldChange<String> referralServer, FieldChange<BootTask> task,
        FieldChange<String> group) {

    public DeviceChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(guid, "guid");
        Objects.requireNonNull(bootProgram, "bootProgram");
        Objects.requireNonNull(referralServer, "referralServer");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(group, "group");
        if (name instanceof FieldChange.Clear) {
            throw new InvalidValueException("name", "a device always has a name; rename it instead of clearing it");
        }
    }

    /** The device's fields after this change; throws what the draft's rules throw. */
    public DeviceDraft applyTo(Device device) {
        return new DeviceDraft(name.applyTo(Optional.of(device.name())).orElseThrow(),
                mac.applyTo(device.mac()), guid.applyTo(device.guid()),
                bootProgram.applyTo(device.bootProgram()), referralServer.applyTo(device.referralServer()),
                task.applyTo(device.task()), group.applyTo(device.group()));
    }

    /** Whether the change leaves every field as it is. */
    public boolean isEmpty() {
        return Stream.of(name, mac, guid, bootProgram, referralServer, task, group)
                .allMatch(c -> c instanceof FieldChange.Keep);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects field changes; a field not mentioned is kept. The last call for a field wins. */
    public static final class Builder {
        private FieldChange<String> name = FieldChange.keep();
        private FieldChange<MacAddress> mac = FieldChange.keep();
        private FieldChange<UUID> guid = FieldChange.keep();
        private FieldChange<String> bootProgram = FieldChange.keep();
        private FieldChange<String> referralServer = FieldChange.keep();
        private FieldChange<BootTask> task = FieldChange.keep();
        private FieldChange<String> group = FieldChange.keep();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = FieldChange.set(name);
            return this;
        }

        public Builder mac(MacAddress mac) {
            this.mac = FieldChange.set(mac);
            return this;
        }

        /** Any common form: 52:54:00:12:34:56, 52-54-00-12-34-56, 525400123456. */
        public Builder mac(String mac) {
            return mac(Checks.parseMac(mac));
        }

        public Builder clearMac() {
            this.mac = FieldChange.clear();
            return this;
        }

        public Builder guid(UUID guid) {
            this.guid = FieldChange.set(guid);
            return this;
        }

        public Builder guid(String guid) {
            return guid(Checks.parseGuid(guid));
        }

        public Builder clearGuid() {
            this.guid = FieldChange.clear();
            return this;
        }

        public Builder bootProgram(String bootProgram) {
            this.bootProgram = FieldChange.set(bootProgram);
            return this;
        }

        public Builder clearBootProgram() {
            this.bootProgram = FieldChange.clear();
            return this;
        }

        public Builder referralServer(String referralServer) {
            this.referralServer = FieldChange.set(referralServer);
            return this;
        }

        public Builder clearReferralServer() {
            this.referralServer = FieldChange.clear();
            return this;
        }

        public Builder task(BootTask task) {
            this.task = FieldChange.set(task);
            return this;
        }

        public Builder clearTask() {
            this.task = FieldChange.clear();
            return this;
        }

        public Builder group(String group) {
            this.group = FieldChange.set(group);
            return this;
        }

        public Builder clearGroup() {
            this.group = FieldChange.clear();
            return this;
        }

        public DeviceChange build() {
            return new DeviceChange(name, mac, guid, bootProgram, referralServer, task, group);
        }
    }
}
