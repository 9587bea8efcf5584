package org.karafpxe.itests;

import static org.junit.Assert.assertTrue;

import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The audit trail in the running server: console commands are recorded with the user who ran them
 * (as Karaf's console runs them, as that user's JAAS subject), a configuration change as "file", and
 * pxe:audit shows them by subject and says what is wrong with a bad option.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuditIT extends PxeTestSupport {

    @Configuration
    public Option[] config() {
        return distribution();
    }

    /** A console command run as the user {@code name}. */
    private String as(String name, String command) throws Exception {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(name));
        return Subject.doAs(subject, (PrivilegedExceptionAction<String>) () -> executeCommand(command));
    }

    @Test
    public void changesAreRecordedWithWhoMadeThemAndShownBySubject() throws Exception {
        as("alice", "pxe:device-add --mac 52:54:00:00:0a:01 audited-01");
        as("alice", "pxe:device-set --group lab audited-01");
        as("bob", "pxe:task-set --one-shot --script 'echo reimage' audited-01");
        as("bob", "pxe:banned-guid-add 4c4c4544-0042-3510-8052-b4c04f564433");
        configure("org.karafpxe.engine", "history.size", "500");
        try {
            await("the configuration change in the trail", java.time.Duration.ofSeconds(20), () -> {
                try {
                    return executeCommand("pxe:audit --subject org.karafpxe.engine").contains("history.size");
                } catch (Exception notYet) {
                    return false;
                }
            });
            String device = executeCommand("pxe:audit --subject audited-01");
            assertTrue(device, device.matches("(?s).*alice +\\| device-add +\\| audited-01 +\\| +\\| mac 52:54:00:00:0a:01.*"));
            assertTrue(device, device.matches("(?s).*alice +\\| device-set +\\| audited-01 .*group lab.*"));
            assertTrue(device, device.matches("(?s).*bob +\\| task-set +\\| audited-01 .*\\(one-shot\\) echo reimage.*"));
            String all = executeCommand("pxe:audit -n 20");
            assertTrue(all, all.matches("(?s).*bob +\\| guid-ban +\\| 4c4c4544-0042-3510-8052-b4c04f564433.*"));
            assertTrue(all, all.matches("(?s).*file +\\| config +\\| org.karafpxe.engine history.size +\\| 1000 +\\| 500.*"));
            assertFails("pxe:audit --since yesterday", "--since 'yesterday' is not a date");
            assertTrue(executeCommand("pxe:audit --since 1d --subject nobody").contains("No change recorded for nobody"));
        } finally {
            configure("org.karafpxe.engine", "history.size", null);
            executeCommand("pxe:device-remove audited-01");
            executeCommand("pxe:banned-guid-remove 4c4c4544-0042-3510-8052-b4c04f564433");
        }
    }
}
