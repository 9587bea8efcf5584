package org.karafpxe.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.karafpxe.engine.BootChain;
import org.karafpxe.engine.DecisionTimes;
import org.karafpxe.engine.ProviderStatus;

/** Lists the provider chain in the order providers are asked. */
@Command(scope = "pxe", name = "providers", description = "Lists the boot providers in the order they are asked, "
        + "with ranking, bundle and what each has answered, and how long the chain takes to decide.")
@Service
public class ProvidersCommand implements Action {

    @Reference
    private BootChain chain;

    @Option(name = "--reset-times", description = "After listing, start the decision times afresh "
            + "(to measure a period: a test, a boot storm)")
    private boolean resetTimes;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("#").alignRight();
        table.column("Provider");
        table.column("Ranking").alignRight();
        table.column("Bundle");
        table.column("Service").alignRight();
        table.column("Ignore").alignRight();
        table.column("Pass").alignRight();
        table.column("Errors").alignRight();
        table.column("Timeouts").alignRight();
        for (ProviderStatus p : chain.providers()) {
            table.addRow().addContent(p.position(), p.name(), p.ranking(), p.bundle(), p.service(), p.ignore(),
                    p.pass(), p.errors(), p.timeouts());
        }
        table.emptyTableText("No boot provider is in the chain: every PXE request is ignored.");
        table.print(System.out);
        if (chain.outOfService()) {
            System.out.println("Out of service: the answer policy is none, so every PXE request is ignored and no "
                    + "provider above is asked (pxe:policy-set --mode all or known answers again).");
        }
        DecisionTimes decisions = chain.decisionTimes();
        System.out.println("Chain decisions (since start or --reset-times): " + decisions.describe());
        if (decisions.decisions() > 0) {
            System.out.println("Waits for a worker before them: " + chain.waitTimes().percentiles());
        }
        if (resetTimes) {
            chain.resetDecisionTimes();
            System.out.println("Decision times reset.");
        }
        return null;
    }
}
