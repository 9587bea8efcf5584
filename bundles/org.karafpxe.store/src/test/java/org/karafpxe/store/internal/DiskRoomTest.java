package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.Test;
import org.karafpxe.store.DiskFullException;
import org.karafpxe.store.StorageException;

public class DiskRoomTest {

    @Test
    public void findsTheFolderOfAnH2File() {
        assertEquals(Optional.of(Paths.get("/var/pxe/data/pxe")),
                DiskRoom.forH2("jdbc:h2:file:/var/pxe/data/pxe/store;WRITE_DELAY=0;DB_CLOSE_DELAY=-1").map(DiskRoom::folder));
        assertEquals(Optional.of(Paths.get("/srv/h2")), DiskRoom.forH2("jdbc:h2:/srv/h2/store").map(DiskRoom::folder));
        assertEquals(Optional.of(Paths.get(System.getProperty("user.home"), "pxe")),
                DiskRoom.forH2("jdbc:h2:~/pxe/store").map(DiskRoom::folder));
    }

    @Test
    public void checksNothingForDatabasesWithoutALocalFile() {
        assertEquals(Optional.empty(), DiskRoom.forH2("jdbc:h2:mem:pxe;DB_CLOSE_DELAY=-1"));
        assertEquals(Optional.empty(), DiskRoom.forH2("jdbc:h2:tcp://db.example/pxe"));
        assertEquals(Optional.empty(), DiskRoom.forH2("jdbc:postgresql://db.example/pxe"));
    }

    @Test
    public void refusesAWriteBelowTheReserveSayingWhereAndHowMuch() {
        DiskRoom full = new DiskRoom(Paths.get("/data/pxe"), p -> DiskRoom.RESERVE_BYTES - 1);
        DiskFullException e = assertThrows(DiskFullException.class, () -> full.check("add device 'pc1'"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("cannot add device 'pc1': the disk holding the policy "
                + "store (/data/pxe) is full: 8.0 MiB free, and the store keeps 8.0 MiB free"));
        new DiskRoom(Paths.get("/data/pxe"), p -> DiskRoom.RESERVE_BYTES).check("add device 'pc1'");
    }

    @Test
    public void aDatabaseThatRanOutOfRoomSaysSo() {
        SQLException h2 = new SQLException("General error: MVStoreException: Writing to file failed", "HY000",
                new IllegalStateException("Writing failed", new IOException("No space left on device")));
        StorageException e = SqlErrors.storageFailure("add device 'pc1'", h2);
        assertTrue(e.getMessage(),
                e.getMessage().startsWith("cannot add device 'pc1': the disk holding the policy database is full"));
        StorageException other = SqlErrors.storageFailure("add device 'pc1'", new SQLException("boom", "HY000"));
        assertTrue(other.getMessage(), other.getMessage().contains("the policy database failed: boom"));
    }
}
