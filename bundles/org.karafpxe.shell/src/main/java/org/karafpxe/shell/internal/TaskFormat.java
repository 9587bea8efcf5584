package org.karafpxe.shell.internal;

import java.util.List;
import java.util.stream.Collectors;
import org.karafpxe.store.BootTask;

/** How the task commands show a task's script in one line. */
final class TaskFormat {

    private TaskFormat() {
    }

    /** The script's first line that is not blank, and how many follow it: "chain http://x/a (+2 lines)". */
    static String firstLine(BootTask task) {
        List<String> lines = task.script().lines().map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.toList());
        int more = lines.size() - 1;
        return lines.get(0) + (more == 0 ? "" : " (+" + more + (more == 1 ? " line)" : " lines)"));
    }
}
