package org.karafpxe.store;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Administering the prestaged devices, as the console does: adding, changing, removing, listing,
 * importing and exporting them. Every write is committed before the method returns; names, MACs
 * and GUIDs stay unique across every server sharing the database.
 *
 * @since 1.5
 */
@ProviderType
public interface DeviceRegistry extends DeviceLookup {

    /**
     * The CSV header of {@link #importCsv} and {@link #exportCsv}. Fields follow RFC 4180: a field
     * holding a comma, a double quote or a line break (a multi-line {@code taskScript}) is put in
     * double quotes, with each double quote inside doubled. There are no backslash escapes. An
     * empty field is an absent value; {@code taskOneShot} is {@code true} or {@code false}
     * ({@code yes}/{@code no} and {@code 1}/{@code 0} are read too) and empty when there is no task.
     * The columns may come in any order; only {@code name} and one of {@code mac}, {@code guid}
     * must be present.
     */
    String CSV_HEADER = "name,mac,guid,bootProgram,referralServer,group,taskScript,taskOneShot";

    /** Prestages a device. */
    Device add(DeviceDraft draft);

    /** Changes some fields of a device, by name or id; returns the device as stored. */
    Device update(String nameOrId, DeviceChange change);

    /** Changes some fields of a device; returns the device as stored. */
    Device update(long id, DeviceChange change);

    /** Removes a device, by name or id; false when there was none. */
    boolean remove(String nameOrId);

    /** Every device, by name ignoring case. */
    List<Device> list();

    /**
     * Imports devices from CSV ({@link #CSV_HEADER}), all or nothing: one transaction, and on the
     * first bad row an {@link ImportException} naming its line, with nothing imported. A row whose
     * name is a known device replaces that device's fields (its id, creation and last-seen times
     * stay); other rows add devices. Rows are applied in file order, so moving a MAC from one
     * device to another takes the row that frees it before the row that takes it.
     *
     * @throws IOException when the reader fails
     */
    ImportResult importCsv(Reader csv) throws IOException;

    /** Writes every device as CSV that {@link #importCsv} reads back to the same devices. */
    void exportCsv(Writer out) throws IOException;
}
