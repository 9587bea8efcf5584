package org.karafpxe.provider.ipxe.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Test;
import org.karafpxe.api.Architecture;

public class LocalBootScriptTest {

    private static final Pattern TEST = Pattern.compile(
            "iseq \\$\\{platform\\} (\\S+)(?: && iseq \\$\\{buildarch\\} (\\S+))? && goto (\\S+) \\|\\|");

    /** The script's parts: the branch tests in order, and each label's commands. */
    private record Parsed(List<Matcher> tests, Map<String, List<String>> branches) {
    }

    private static Parsed parse(String script) {
        List<String> lines = script.lines().collect(Collectors.toList());
        assertEquals("#!ipxe", lines.get(0));
        assertTrue("ends with a line break", script.endsWith("\n"));
        List<Matcher> tests = new ArrayList<>();
        Map<String, List<String>> branches = new LinkedHashMap<>();
        List<String> branch = null;
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(":")) {
                branch = new ArrayList<>();
                assertEquals("label " + line + " is unique", null, branches.put(line.substring(1), branch));
                continue;
            }
            Matcher m = TEST.matcher(line);
            if (branch == null) {
                assertTrue("before the branches only tests: " + line, m.matches());
                tests.add(m);
            } else {
                assertFalse("no test inside a branch: " + line, m.matches());
                branch.add(line);
            }
        }
        for (Matcher t : tests) {
            assertTrue("goto " + t.group(3) + " has its label", branches.containsKey(t.group(3)));
        }
        return new Parsed(tests, branches);
    }

    /** The commands a client runs, as iPXE runs the script: the first test that holds jumps, labels are skipped. */
    private static List<String> run(String script, String platform, String buildArch) {
        Parsed p = parse(script);
        String label = p.branches().keySet().iterator().next();
        for (Matcher t : p.tests()) {
            if (t.group(1).equals(platform) && (t.group(2) == null || t.group(2).equals(buildArch))) {
                label = t.group(3);
                break;
            }
        }
        List<String> ran = new ArrayList<>();
        List<String> labels = new ArrayList<>(p.branches().keySet());
        for (int i = labels.indexOf(label); i < labels.size(); i++) {
            for (String command : p.branches().get(labels.get(i))) {
                ran.add(command);
                if (command.equals("exit") || command.startsWith("exit ")) {
                    return ran;
                }
            }
        }
        fail("the script ends without exit for " + platform + "/" + buildArch + ": " + ran);
        return ran;
    }

    @Test
    public void theStandardScriptExitsWithOneOnEveryArchitecture() {
        String script = LocalBootScript.standard().text();
        assertEquals("#!ipxe\n"
                + "# Nothing to do on the network: back to the firmware, which tries its next boot device.\n"
                + "iseq ${platform} efi && iseq ${buildarch} x86_64 && goto x64-uefi ||\n"
                + "iseq ${platform} efi && iseq ${buildarch} i386 && goto x86-uefi ||\n"
                + "iseq ${platform} efi && iseq ${buildarch} arm64 && goto arm64-uefi ||\n"
                + "iseq ${platform} efi && iseq ${buildarch} arm32 && goto arm32-uefi ||\n"
                + "iseq ${platform} efi && iseq ${buildarch} riscv64 && goto riscv64-uefi ||\n"
                + "iseq ${platform} efi && iseq ${buildarch} riscv32 && goto riscv32-uefi ||\n"
                + "iseq ${platform} efi && iseq ${buildarch} loong64 && goto loongarch64-uefi ||\n"
                + ":x86-bios\nexit 1\n"
                + ":x64-uefi\nexit 1\n"
                + ":x86-uefi\nexit 1\n"
                + ":arm64-uefi\nexit 1\n"
                + ":arm32-uefi\nexit 1\n"
                + ":riscv64-uefi\nexit 1\n"
                + ":riscv32-uefi\nexit 1\n"
                + ":loongarch64-uefi\nexit 1\n", script);
        Parsed p = parse(script);
        assertEquals(LocalBootScript.TARGETS.stream().map(LocalBootScript.Target::label).collect(Collectors.toList()),
                new ArrayList<>(p.branches().keySet()));
        p.branches().forEach((label, commands) -> assertEquals(label, List.of("exit 1"), commands));
        assertEquals("every branch but the first has a test", LocalBootScript.TARGETS.size() - 1, p.tests().size());
        assertTrue(LocalBootScript.standard().problems().isEmpty());
    }

    @Test
    public void eachClientRunsTheBranchOfItsArchitecture() {
        Map<String, String> config = new HashMap<>();
        for (LocalBootScript.Target t : LocalBootScript.TARGETS) {
            config.put("localboot." + t.label(), "echo " + t.label());
        }
        String script = LocalBootScript.from(config).text();
        String[][] clients = {
            {"efi", "x86_64", "x64-uefi"}, {"efi", "i386", "x86-uefi"}, {"efi", "arm64", "arm64-uefi"},
            {"efi", "arm32", "arm32-uefi"}, {"efi", "riscv64", "riscv64-uefi"}, {"efi", "riscv32", "riscv32-uefi"},
            {"efi", "loong64", "loongarch64-uefi"},
            // undionly.kpxe is an i386 build; bin-x86_64-pcbios builds are BIOS too.
            {"pcbios", "i386", "x86-bios"}, {"pcbios", "x86_64", "x86-bios"},
            // An iPXE too old for ${platform} expands both to nothing: it was a BIOS build.
            {"", "", "x86-bios"},
        };
        for (String[] c : clients) {
            // A command that returns does not run into the next branch.
            assertEquals(c[0] + "/" + c[1], List.of("echo " + c[2], "exit 1"), run(script, c[0], c[1]));
        }
    }

    @Test
    public void overridesReplaceTheDefaultLineOfTheirArchitectureOnly() {
        LocalBootScript s = LocalBootScript.from(Map.of("localboot", "exit",
                "localboot.x86-bios", "sanboot --no-describe --drive 0x80",
                "localboot.ARM64-UEFI", "  exit 1  "));
        assertTrue(s.problems().toString(), s.problems().isEmpty());
        assertEquals("exit", s.defaultLine());
        assertEquals(List.of("sanboot --no-describe --drive 0x80", "exit 1"), run(s.text(), "pcbios", "i386"));
        assertEquals(List.of("exit"), run(s.text(), "efi", "x86_64"));
        assertEquals(List.of("exit 1"), run(s.text(), "efi", "arm64"));
        assertEquals("sanboot --no-describe --drive 0x80", s.lineFor(Architecture.X86_BIOS));
        assertEquals("exit", s.lineFor(Architecture.X64_UEFI));
        // A custom line may fall back on failure itself.
        LocalBootScript custom = LocalBootScript.from(Map.of("localboot.x64-uefi",
                "chain http://192.0.2.1/local.ipxe || exit 1"));
        assertEquals(List.of("chain http://192.0.2.1/local.ipxe || exit 1", "exit 1"),
                run(custom.text(), "efi", "x86_64"));
    }

    @Test
    public void badLinesAreReportedWithTheAllowedFormsAndTheDefaultIsKept() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("localboot", "exit");
        config.put("localboot.x86-bios", "sanboot --no-describe --drive 0x80\nexit 1");
        config.put("localboot.x64-uefi", "   ");
        config.put("localboot.arm64-uefi", "exit\t1");
        config.put("localboot.x86-uefi", ":x64-uefi");
        LocalBootScript s = LocalBootScript.from(config);
        List<String> problems = s.problems();
        assertEquals(problems.toString(), 4, problems.size());
        String allowed = "give one iPXE command on one line, such as exit 1 (the firmware tries its next boot "
                + "device), exit (on some UEFI firmware this ends the boot sequence) or sanboot --no-describe "
                + "--drive 0x80 (BIOS: boot the first hard disk); using exit";
        assertTrue(problems.toString(), problems.contains("localboot.x86-bios has more than one line: " + allowed));
        assertTrue(problems.toString(), problems.contains("localboot.x64-uefi is empty: " + allowed));
        assertTrue(problems.toString(), problems.contains("localboot.arm64-uefi has the control character U+0009: "
                + allowed));
        assertTrue(problems.toString(), problems.contains("localboot.x86-uefi = ':x64-uefi' is an iPXE label, not a "
                + "command: " + allowed));
        for (LocalBootScript.Target t : LocalBootScript.TARGETS) {
            assertEquals(t.label(), "exit", s.lineFor(t.architecture()));
        }
        parse(s.text());
    }

    @Test
    public void aBadDefaultLineFallsBackToExitOne() {
        LocalBootScript s = LocalBootScript.from(Map.of("localboot", "exit 1\r\nshell"));
        assertEquals("exit 1", s.defaultLine());
        assertEquals(List.of("localboot has more than one line: give one iPXE command on one line, such as exit 1 "
                + "(the firmware tries its next boot device), exit (on some UEFI firmware this ends the boot "
                + "sequence) or sanboot --no-describe --drive 0x80 (BIOS: boot the first hard disk); using exit 1"),
                s.problems());
        assertEquals(LocalBootScript.standard().text(), s.text());
    }

    @Test
    public void keysForArchitecturesIpxeCannotTellAreRefused() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("localboot.x64-uefi-http", "exit");
        config.put("localboot.nec-pc98", "exit");
        config.put("localboot.amd64", "exit");
        List<String> problems = LocalBootScript.from(config).problems();
        assertEquals(problems.toString(), 3, problems.size());
        String targets = "use one of x86-bios, x64-uefi, x86-uefi, arm64-uefi, arm32-uefi, riscv64-uefi, "
                + "riscv32-uefi, loongarch64-uefi";
        assertTrue(problems.toString(), problems.contains("localboot.x64-uefi-http: iPXE cannot tell a client that "
                + "came by UEFI HTTP boot from one that came by PXE; set localboot.x64-uefi instead"));
        assertTrue(problems.toString(), problems.contains("localboot.nec-pc98: iPXE does not run on nec-pc98; "
                + targets));
        assertTrue(problems.toString(), problems.contains("localboot.amd64: 'amd64' is not an architecture; "
                + targets));
        assertEquals(LocalBootScript.standard().text(), LocalBootScript.from(config).text());
    }
}
