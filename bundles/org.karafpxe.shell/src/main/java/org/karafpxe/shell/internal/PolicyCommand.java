package org.karafpxe.shell.internal;

import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.api.BootPrograms;
import org.karafpxe.support.PolicyConfig;
import org.osgi.service.cm.ConfigurationAdmin;

/** Shows the answer policy, as WDSUTIL /Get-Server /Show:Config shows the PXE response settings. */
@Command(scope = "pxe", name = "policy", description = "Shows the answer policy: which clients are answered "
        + "(all, known, none), the response delay for clients that are not prestaged, and the default boot "
        + "program per architecture.")
@Service
public class PolicyCommand implements Action {

    @Reference
    private ConfigurationAdmin configurationAdmin;

    @Override
    public Object execute() throws Exception {
        print(PolicyConfig.read(PolicyConfig.configuration(configurationAdmin)));
        return null;
    }

    static void print(Map<String, String> values) {
        String mode = values.getOrDefault(PolicyConfig.MODE, "all");
        System.out.println("Answer clients:  " + mode + "   (all, known = prestaged only, none)");
        if (mode.trim().equalsIgnoreCase("none")) {
            System.out.println("                 none: the server is out of service; no client is answered, "
                    + "prestaged devices and boot tasks included");
        }
        System.out.println("Response delay:  " + values.getOrDefault(PolicyConfig.DELAY, "0")
                + " s for clients that are not prestaged");
        System.out.println("Ranking:         " + values.getOrDefault("service.ranking", "0"));
        ShellTable table = new ShellTable();
        table.column("Architecture");
        table.column("Default boot program");
        values.forEach((key, value) -> {
            if (key.startsWith(BootPrograms.PREFIX)) {
                table.addRow().addContent(key.substring(BootPrograms.PREFIX.length()), value);
            }
        });
        System.out.println();
        table.print(System.out);
    }
}
