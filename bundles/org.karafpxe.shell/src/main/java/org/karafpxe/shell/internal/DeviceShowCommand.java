package org.karafpxe.shell.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.karafpxe.store.PolicyStore;
import org.karafpxe.store.UnknownDeviceException;

/** Shows one device with every field, as WDSUTIL /Get-Device does. */
@Command(scope = "pxe", name = "device-show", description = "Shows a prestaged device with all its fields and its "
        + "boot task's script in full.")
@Service
public class DeviceShowCommand extends StoreCommand {

    @Argument(index = 0, name = "device", required = true, description = "The device's name (any case) or id")
    @Completion(DeviceCompleter.class)
    private String device;

    @Override
    void run(PolicyStore store, PrintStream out) {
        DeviceFormat.details(store.find(device).orElseThrow(() -> new UnknownDeviceException(device)), out);
    }
}
