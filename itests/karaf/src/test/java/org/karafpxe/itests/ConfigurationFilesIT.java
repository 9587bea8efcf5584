package org.karafpxe.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The configuration files the distribution ships, checked against the metatype its bundles
 * declare (their {@code @ObjectClassDefinition}s), so that the two cannot drift: every key a file
 * sets or shows in a comment ({@code #key = value}) is a declared attribute of its PID, and every
 * declared attribute is in its file for the operator to find. Keys read as a family by prefix (one
 * per architecture or device) cannot be listed one by one and are allowed by their prefix. The
 * README's configuration reference is generated from the same declarations, and checked here.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationFilesIT extends PxeTestSupport {

    /**
     * Families of keys read by prefix: bootfile.<architecture>, localboot.<architecture>,
     * localboot.device.<name> and prompt.device.<name>.
     */
    private static final List<String> FAMILIES = List.of("bootfile.", "localboot.", "prompt.device.");
    private static final Pattern KEY = Pattern.compile("^\\s*#?\\s*([a-z][\\w.\\-]*)\\s*=");

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Configuration
    public Option[] config() {
        return distribution();
    }

    /** One declared setting: its key, type, default and description. */
    private record Attribute(String id, String type, String defaults, String description) {
    }

    /** One PID's declaration: its name, description and settings. */
    private record Declaration(String name, String description, List<Attribute> attributes) {
    }

    /** Two declarations of one PID (components sharing it) as one: the first's name, every setting once. */
    private static Declaration union(Declaration a, Declaration b) {
        Map<String, Attribute> byId = new java.util.TreeMap<>();
        Stream.concat(a.attributes().stream(), b.attributes().stream()).forEach(x -> byId.putIfAbsent(x.id(), x));
        return new Declaration(a.name(), a.description().isBlank() ? b.description() : a.description(),
                new ArrayList<>(byId.values()));
    }

    /** Each PID's declared attributes, from the metatype XML of the server's bundles. */
    private Map<String, Set<String>> declared() throws Exception {
        Map<String, Set<String>> byPid = new HashMap<>();
        declarations().forEach((pid, d) -> byPid.put(pid,
                new TreeSet<>(d.attributes().stream().map(Attribute::id).toList())));
        return byPid;
    }

    /** Each PID's declaration, from the metatype XML of the server's bundles, by PID. */
    private Map<String, Declaration> declarations() throws Exception {
        Map<String, Declaration> byPid = new java.util.TreeMap<>();
        for (Bundle b : context.getBundles()) {
            if (!b.getSymbolicName().startsWith("org.karafpxe.")) {
                continue;
            }
            Enumeration<URL> entries = b.findEntries("OSGI-INF/metatype", "*.xml", false);
            while (entries != null && entries.hasMoreElements()) {
                Document xml;
                try (InputStream in = entries.nextElement().openStream()) {
                    xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
                }
                Map<String, Declaration> byOcd = new HashMap<>();
                NodeList ocds = xml.getElementsByTagName("OCD");
                for (int i = 0; i < ocds.getLength(); i++) {
                    Element ocd = (Element) ocds.item(i);
                    List<Attribute> attributes = new ArrayList<>();
                    NodeList ads = ocd.getElementsByTagName("AD");
                    for (int j = 0; j < ads.getLength(); j++) {
                        Element ad = (Element) ads.item(j);
                        attributes.add(new Attribute(ad.getAttribute("id"), ad.getAttribute("type"),
                                ad.getAttribute("default"), ad.getAttribute("description")));
                    }
                    attributes.sort(java.util.Comparator.comparing(Attribute::id));
                    byOcd.put(ocd.getAttribute("id"), new Declaration(ocd.getAttribute("name"),
                            ocd.getAttribute("description"), attributes));
                }
                NodeList designates = xml.getElementsByTagName("Designate");
                for (int i = 0; i < designates.getLength(); i++) {
                    Element d = (Element) designates.item(i);
                    String ocd = ((Element) d.getElementsByTagName("Object").item(0)).getAttribute("ocdref");
                    Declaration declaration = byOcd.get(ocd);
                    if (declaration != null) {
                        byPid.merge(d.getAttribute("pid"), declaration, ConfigurationFilesIT::union);
                    }
                }
            }
        }
        return byPid;
    }

    /** The providers the distribution holds but does not start: their files ship all the same. */
    private void installShippedProviders() throws Exception {
        for (String feature : List.of("karaf-pxe-provider-defaults", "karaf-pxe-provider-http")) {
            if (!features.isInstalled(features.getFeature(feature))) {
                features.installFeature(feature);
            }
        }
    }

    @Test
    public void everyShippedKeyIsDeclaredAndEveryDeclaredKeyIsShipped() throws Exception {
        installShippedProviders();
        Map<String, Set<String>> declared = declared();
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> etc = Files.list(Paths.get(System.getProperty("karaf.etc")))) {
            files = etc.filter(f -> f.getFileName().toString().matches("org\\.karafpxe\\..*\\.cfg")).sorted().toList();
        }
        assertTrue("the distribution ships the server's files: " + files, files.size() >= 10);
        for (Path file : files) {
            String pid = file.getFileName().toString().replaceFirst("\\.cfg$", "");
            Set<String> attributes = declared.get(pid);
            if (attributes == null) {
                problems.add(pid + ": no metatype declares this PID");
                continue;
            }
            Set<String> keys = new TreeSet<>();
            for (String line : Files.readAllLines(file)) {
                Matcher m = KEY.matcher(line);
                if (m.find()) {
                    keys.add(m.group(1));
                }
            }
            for (String key : keys) {
                if (!attributes.contains(key) && FAMILIES.stream().noneMatch(key::startsWith)) {
                    problems.add(pid + ": the file has " + key + ", which its metatype does not declare");
                }
            }
            for (String attribute : attributes) {
                if (!keys.contains(attribute)) {
                    problems.add(pid + ": the metatype declares " + attribute + ", which the file does not show");
                }
            }
        }
        assertEquals("", String.join("\n", problems));
        // What an operator reads in the console: the same declarations, with their defaults.
        String meta = executeCommand("config:meta org.karafpxe.dhcp");
        assertTrue(meta, meta.contains("answers.per.client") && meta.contains("16"));
    }

    static final String BEGIN = "<!-- The configuration reference below is generated from the metatype by ConfigurationFilesIT. -->";
    static final String END = "<!-- End of the generated configuration reference. -->";

    /** The README's reference: a table per PID of its settings, defaults and descriptions. */
    private String reference() throws Exception {
        StringBuilder md = new StringBuilder();
        for (Map.Entry<String, Declaration> e : declarations().entrySet()) {
            if (!Files.exists(Paths.get(System.getProperty("karaf.etc"), e.getKey() + ".cfg"))) {
                continue;
            }
            Declaration d = e.getValue();
            md.append("\n#### `etc/").append(e.getKey()).append(".cfg`: ").append(d.name()).append("\n\n");
            if (!d.description().isBlank()) {
                md.append(d.description()).append("\n\n");
            }
            md.append("| Setting | Default | What it does |\n|---|---|---|\n");
            for (Attribute a : d.attributes()) {
                assertTrue(e.getKey() + ": " + a.id() + " has no description for the reference",
                        !a.description().isBlank());
                md.append("| `").append(a.id()).append("` | ")
                        .append(a.defaults().isEmpty() ? "(empty)"
                                : "`" + cell(a.defaults().replace("\\ ", " ").replace("\\,", ",")) + "`").append(" | ")
                        .append(cell(a.description())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }

    @Test
    public void theReadmesConfigurationReferenceIsTheMetatypes() throws Exception {
        installShippedProviders();
        Path readme = Paths.get(System.getProperty("pxe.readme"));
        String text = Files.readString(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String expected = reference();
        Path written = readme.resolveSibling("itests/karaf/target/configuration-reference.md");
        Files.createDirectories(written.getParent());
        Files.writeString(written, BEGIN + "\n" + expected + "\n" + END + "\n");
        assertTrue("the README has no configuration reference between its markers; the generated one is in "
                + written, begin >= 0 && end > begin);
        assertEquals("the README's configuration reference differs from the metatype; the generated one is in "
                + written + ": put it in place of the README's", expected.strip(),
                text.substring(begin + BEGIN.length(), end).strip());
    }

    /**
     * Each shipped file comes from its bundle through its feature: a {@code <configfile>} that installs
     * it into etc/ of any Karaf the feature is installed into, from an artifact the distribution holds.
     */
    @Test
    public void everyShippedFileIsAConfigfileOfItsFeature() throws Exception {
        List<String> shipped;
        try (Stream<Path> etc = Files.list(Paths.get(System.getProperty("karaf.etc")))) {
            shipped = etc.map(f -> f.getFileName().toString()).filter(n -> n.matches("org\\.karafpxe\\..*\\.cfg"))
                    .sorted().toList();
        }
        Map<String, String> configfiles = new HashMap<>();
        for (org.apache.karaf.features.Feature feature : features.listFeatures()) {
            if (feature.getName().startsWith("karaf-pxe")) {
                for (org.apache.karaf.features.ConfigFileInfo file : feature.getConfigurationFiles()) {
                    configfiles.put(Paths.get(file.getFinalname()).getFileName().toString(), file.getLocation());
                }
            }
        }
        assertEquals("the features install exactly the files the distribution ships", shipped,
                configfiles.keySet().stream().sorted().toList());
        for (Map.Entry<String, String> e : configfiles.entrySet()) {
            try (InputStream in = new URL(e.getValue()).openStream()) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(e.getValue() + " is not " + e.getKey(), text.startsWith("#"));
            }
        }
    }

    /**
     * A mistyped value in a file never stops a component: it is logged with what is allowed, and the
     * declared default is used. A setting left in the file it moved out of is named with its new file.
     */
    @Test
    public void refusedAndMovedSettingsAreLoggedAndTheServerKeepsServing() throws Exception {
        installShippedProviders();
        try {
            configure("org.karafpxe.tftp", "enabled", "ture");
            configure("org.karafpxe.tftp", "retries", "many");
            configure("org.karafpxe.provider.ipxe", "localboot", "exit");
            await("the refusals logged", Duration.ofSeconds(20), () -> logged(
                    "etc/org.karafpxe.tftp.cfg: enabled = 'ture' is neither true nor false; using true")
                    && logged("etc/org.karafpxe.tftp.cfg: retries = 'many' is not a whole number from 1 to 20; "
                            + "using 5")
                    && logged("etc/org.karafpxe.provider.ipxe.cfg: localboot is read from "
                            + "etc/org.karafpxe.provider.ipxe.scripts.cfg now"));
            String stats = executeCommand("pxe:tftp-stats");
            assertTrue(stats, stats.contains("listening on UDP 127.0.0.1:" + TFTP_PORT));
        } finally {
            configure("org.karafpxe.tftp", "enabled", null);
            configure("org.karafpxe.tftp", "retries", null);
            configure("org.karafpxe.provider.ipxe", "localboot", null);
        }
    }
}
