package org.karafpxe.store;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.karafpxe.api.MacAddress;

/**
 * A device as the operator describes it, before the store gives it an id: every field of
 * {@link Device} but the id and the timestamps. Validated when built, so a draft that exists is
 * one the store accepts (but for duplicates, which only the store can tell).
 *
 * <ul>
 *   <li>name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, not all
 *       digits (it would read as an id); unique ignoring case</li>
 *   <li>mac and guid: at least one; a 6-byte MAC; a GUID other than all zeros or all ones</li>
 *   <li>bootProgram: 1 to 255 characters without spaces</li>
 *   <li>referralServer: a host name or IPv4 address</li>
 *   <li>group: like a name, digits alone allowed</li>
 * </ul>
 */
public record DeviceDraft(String name, Optional<MacAddress> mac, Optional<UUID> guid,
        Optional<String> bootProgram, Optional<String> referralServer, Optional<BootTask> task,
        Optional<String> group) {

    public DeviceDraft {
        Checks.name(name);
        Objects.requireNonNull(mac, "mac").ifPresent(Checks::mac);
        Objects.requireNonNull(guid, "guid").ifPresent(Checks::guid);
        Objects.requireNonNull(bootProgram, "bootProgram").ifPresent(Checks::bootProgram);
        Objects.requireNonNull(referralServer, "referralServer").ifPresent(Checks::referralServer);
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(group, "group").ifPresent(Checks::group);
        if (mac.isEmpty() && guid.isEmpty()) {
            throw new InvalidValueException("mac", "device '" + name
                    + "' needs a MAC or a GUID (or both) to be recognised when it boots");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a draft field by field; the text setters parse what an operator types. */
    public static final class Builder {
        private final String name;
        private MacAddress mac;
        private UUID guid;
        private String bootProgram;
        private String referralServer;
        private BootTask task;
        private String group;

        private Builder(String name) {
            this.name = name;
        }

        public Builder mac(MacAddress mac) {
            this.mac = mac;
            return this;
        }

        /** Any common form: 52:54:00:12:34:56, 52-54-00-12-34-56, 525400123456. */
        public Builder mac(String mac) {
            this.mac = Checks.parseMac(mac);
            return this;
        }

        public Builder guid(UUID guid) {
            this.guid = guid;
            return this;
        }

        /** The standard form, also in braces or as 32 hex digits. */
        public Builder guid(String guid) {
            this.guid = Checks.parseGuid(guid);
            return this;
        }

        public Builder bootProgram(String bootProgram) {
            this.bootProgram = bootProgram;
            return this;
        }

        public Builder referralServer(String referralServer) {
            this.referralServer = referralServer;
            return this;
        }

        public Builder task(BootTask task) {
            this.task = task;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public DeviceDraft build() {
            return new DeviceDraft(name, Optional.ofNullable(mac), Optional.ofNullable(guid),
                    Optional.ofNullable(bootProgram), Optional.ofNullable(referralServer),
                    Optional.ofNullable(task), Optional.ofNullable(group));
        }
    }
}
