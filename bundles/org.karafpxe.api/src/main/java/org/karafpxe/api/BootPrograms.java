package org.karafpxe.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Boot programs per architecture, as providers read them from their configuration:
 * {@code bootfile.<architecture> = <path>} entries (for example
 * {@code bootfile.x64-uefi = snponly.efi}), plus an optional {@code bootfile.ipxe} for clients
 * already running iPXE, which must not be sent iPXE again.
 *
 * @param byArchitecture the boot program of each configured architecture
 * @param ipxe           what to send a client that already runs iPXE, if configured
 * @param problems       the entries that were refused, each saying why and what is allowed
 */
public record BootPrograms(Map<Architecture, String> byArchitecture, Optional<String> ipxe, List<String> problems) {

    public static final String PREFIX = "bootfile.";
    public static final String IPXE_KEY = PREFIX + "ipxe";

    public static BootPrograms from(Map<String, ?> properties) {
        Map<Architecture, String> byArchitecture = new EnumMap<>(Architecture.class);
        List<String> problems = new ArrayList<>();
        String ipxe = null;
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String value = e.getValue() == null ? "" : e.getValue().toString().trim();
            if (value.isEmpty()) {
                problems.add(key + " is empty: give a boot file path, or remove the line");
                continue;
            }
            if (key.equals(IPXE_KEY)) {
                ipxe = value;
                continue;
            }
            String archKey = key.substring(PREFIX.length());
            Optional<Architecture> arch = Architecture.byKey(archKey);
            if (arch.isPresent()) {
                byArchitecture.put(arch.get(), value);
            } else {
                problems.add(key + ": '" + archKey + "' is not an architecture; use one of ipxe, "
                        + String.join(", ", Architecture.keys()));
            }
        }
        return new BootPrograms(Collections.unmodifiableMap(byArchitecture), Optional.ofNullable(ipxe),
                List.copyOf(problems));
    }

    /** The program for a request: the iPXE one for iPXE clients when configured, else its architecture's. */
    public Optional<String> forRequest(BootRequest request) {
        if (request.isIpxe() && ipxe.isPresent()) {
            return ipxe;
        }
        return Optional.ofNullable(byArchitecture.get(request.architecture()));
    }
}
