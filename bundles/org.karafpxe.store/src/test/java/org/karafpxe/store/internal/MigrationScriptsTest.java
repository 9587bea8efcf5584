package org.karafpxe.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.File;
import java.net.URL;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Assume;
import org.junit.Test;

/** The migration list and scripts, without a database. */
public class MigrationScriptsTest {

    @Test
    public void everyMigrationResourceIsListedAndEveryListedOneExists() throws Exception {
        URL folder = getClass().getClassLoader().getResource(Migrations.FOLDER);
        Assume.assumeTrue("migrations are in a directory", folder != null && folder.getProtocol().equals("file"));
        Set<String> found = new TreeSet<>();
        for (String file : new File(folder.toURI()).list()) {
            // V3__x.postgresql.sql and V3__x.sql are the same migration.
            found.add(file.replaceAll("(\\.(h2|postgresql))?\\.sql$", ""));
        }
        assertEquals(new TreeSet<>(Migrations.STANDARD), found);
        Migrations standard = Migrations.standard(Clock.systemUTC());
        assertEquals(Migrations.STANDARD.size(), standard.latestVersion());
        for (String name : Migrations.STANDARD) {
            assertEquals("every migration has a shared script", true,
                    getClass().getClassLoader().getResource(Migrations.FOLDER + "/" + name + ".sql") != null);
        }
    }

    @Test
    public void versionsRunWithoutGaps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Migrations(getClass().getClassLoader(), "x", List.of("V1__a", "V3__c"), Clock.systemUTC()));
        assertEquals("migration V3__c should be version 2: versions run 1, 2, 3... without gaps", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Migrations(getClass().getClassLoader(), "x", List.of("1__a"), Clock.systemUTC()));
    }

    @Test
    public void scriptsSplitIntoStatements() {
        String script = "-- comment; with a semicolon\n"
                + "CREATE TABLE a (\n    x INT -- trailing comment\n);\n\n"
                + "  -- indented comment\n"
                + "CREATE TABLE b (y INT);\r\n"
                + "INSERT INTO b VALUES (1)";
        assertEquals(List.of("CREATE TABLE a (\n    x INT -- trailing comment\n)", "CREATE TABLE b (y INT)",
                "INSERT INTO b VALUES (1)"), Migrations.statements(script));
    }
}
