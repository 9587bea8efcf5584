package org.karafpxe.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import org.karafpxe.store.PolicyStore;

/** Sets up commands as Karaf does (options and references into their fields) and runs them. */
final class Commands {

    private Commands() {
    }

    /** Sets a field the way Karaf injects an option, an argument or a reference. */
    static <T> T with(T command, String field, Object value) {
        for (Class<?> c = command.getClass(); c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(field);
                f.setAccessible(true);
                f.set(command, value);
                return command;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(command.getClass().getSimpleName() + " has no field " + field);
    }

    /** Runs the command through execute(), as the console does, and returns what it printed. */
    static String execute(StoreCommand command, PolicyStore store) throws Exception {
        with(command, "store", store);
        PrintStream console = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(console);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs the command and returns the message of the exception it must fail with. */
    static String failure(StoreCommand command, PolicyStore store) throws Exception {
        try {
            String output = execute(command, store);
            throw new AssertionError("the command did not fail; it printed:\n" + output);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getMessage();
        }
    }
}
