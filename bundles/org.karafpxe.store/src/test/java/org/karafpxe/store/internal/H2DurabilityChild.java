package org.karafpxe.store.internal;

import java.io.File;
import org.karafpxe.api.MacAddress;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceDraft;
import org.karafpxe.store.PolicyStore;

/**
 * The server side of {@link H2DurabilityTest}, run in a JVM of its own: opens the H2 file store as
 * the server would, adds devices and prints {@code ACK <id> <name>} after each add has returned,
 * then waits to be killed.
 *
 * <p>Arguments: the database base path, and how many devices to add (0: keep adding until killed).
 */
public final class H2DurabilityChild {

    private H2DurabilityChild() {
    }

    public static void main(String[] args) throws Exception {
        File base = new File(args[0]);
        int count = Integer.parseInt(args[1]);
        PolicyStore store = JdbcPolicyStore.open(TestDatabase.h2(TestDatabase.h2Url(base)));
        for (int i = 1; count == 0 || i <= count; i++) {
            MacAddress mac = MacAddress.of(new byte[] {0x52, 0x54, 0, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            Device d = store.add(DeviceDraft.builder("dur-" + i).mac(mac).build());
            System.out.println("ACK " + d.id() + " " + d.name());
            System.out.flush();
        }
        System.out.println("DONE");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
