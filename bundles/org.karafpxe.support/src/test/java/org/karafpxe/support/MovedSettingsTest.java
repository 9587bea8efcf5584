package org.karafpxe.support;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class MovedSettingsTest {

    @Test
    public void keysAndFamiliesThatMovedAreNamedWithTheirNewFile() {
        Map<String, Object> properties = Map.of("service.ranking", "400", "localboot", "exit 1",
                "localboot.x64-uefi", "exit", "prompt.timeout.s", "5", "prompter", "x");
        assertEquals(List.of("localboot is read from etc/pid.scripts.cfg now, not from this file: move it there "
                        + "(it is ignored here)",
                "localboot.x64-uefi is read from etc/pid.scripts.cfg now, not from this file: move it there "
                        + "(it is ignored here)",
                "prompt.timeout.s is read from etc/pid.scripts.cfg now, not from this file: move it there "
                        + "(it is ignored here)"),
                MovedSettings.find(properties, "pid.scripts", List.of("localboot", "localboot.", "prompt.")));
        assertEquals(List.of(), MovedSettings.find(Map.of("service.ranking", "1"), "p", List.of("prompt.")));
    }
}
