package org.karafpxe.store;

/**
 * What a CSV import did. Rows are matched to devices by name: a new name adds a device, a known
 * name replaces that device's fields.
 *
 * @param added     devices created
 * @param updated   existing devices whose fields changed
 * @param unchanged existing devices the file describes as they already were
 */
public record ImportResult(int added, int updated, int unchanged) {

    public int total() {
        return added + updated + unchanged;
    }
}
