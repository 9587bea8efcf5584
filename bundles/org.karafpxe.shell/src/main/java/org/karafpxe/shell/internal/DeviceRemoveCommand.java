package org.karafpxe.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.Device;
import org.karafpxe.store.PolicyStore;

/** Removes prestaged devices, as WDSUTIL /Delete-Device does. */
@Command(scope = "pxe", name = "device-remove", description = "Removes prestaged devices; they then boot as "
        + "unknown machines. Nothing is removed if one of the devices named does not exist.")
@Service
public class DeviceRemoveCommand extends StoreCommand {

    @Argument(index = 0, name = "devices", required = true, multiValued = true,
            description = "The devices' names (any case) or ids")
    @Completion(DeviceCompleter.class)
    private List<String> devices;

    @Override
    void run(PolicyStore store, PrintStream out) {
        // All are looked up first, so that a mistyped name does not leave the others half removed.
        Map<Long, Device> found = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String key : devices) {
            Optional<Device> device = store.find(key);
            if (device.isPresent()) {
                found.putIfAbsent(device.get().id(), device.get());
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException((unknown.size() == 1 ? "no device " : "no devices ")
                    + unknown.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "))
                    + " (by name or id); nothing was removed");
        }
        for (Device d : found.values()) {
            // By id: the name may have been given to another device since it was looked up.
            boolean removed = store.remove(Long.toString(d.id()));
            out.println(removed ? "Removed device '" + d.name() + "' (id " + d.id() + ")."
                    : "Device '" + d.name() + "' (id " + d.id() + ") was removed meanwhile.");
        }
    }
}
