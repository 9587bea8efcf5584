package org.karafpxe.dhcp;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Option 43 as the PXE 2.1 specification lays it out for a PXE client: the sub-options a boot
 * server uses to steer discovery and show a menu, and the boot item a client echoes back to
 * port 4011. Sub-options this type does not model are kept in {@link #otherSubOptions()}.
 */
public record PxeVendorOptions(
        OptionalInt discoveryControl,
        List<BootServer> bootServers,
        List<MenuEntry> bootMenu,
        Optional<MenuPrompt> menuPrompt,
        Optional<BootItem> bootItem,
        EncapsulatedOptions otherSubOptions) {

    public static final int DISCOVERY_CONTROL = 6;
    public static final int BOOT_SERVERS = 8;
    public static final int BOOT_MENU = 9;
    public static final int MENU_PROMPT = 10;
    public static final int BOOT_ITEM = 71;

    /** Discovery control bit: do not broadcast discovery to port 4011. */
    public static final int DISABLE_BROADCAST = 1;
    /** Discovery control bit: do not use multicast discovery. */
    public static final int DISABLE_MULTICAST = 2;
    /** Discovery control bit: accept only servers listed in sub-option 8. */
    public static final int ONLY_LISTED_SERVERS = 4;
    /** Discovery control bit: skip discovery and download the file named in this offer. */
    public static final int USE_BOOT_FILE = 8;

    private static final int[] MODELLED = {DISCOVERY_CONTROL, BOOT_SERVERS, BOOT_MENU, MENU_PROMPT, BOOT_ITEM};
    private static final int MAX_OPTION_LENGTH = 255;

    public PxeVendorOptions {
        Objects.requireNonNull(discoveryControl, "discoveryControl");
        if (discoveryControl.isPresent()) {
            checkRange("discovery control", discoveryControl.getAsInt(), 255);
        }
        bootServers = List.copyOf(bootServers);
        bootMenu = List.copyOf(bootMenu);
        Objects.requireNonNull(menuPrompt, "menuPrompt");
        Objects.requireNonNull(bootItem, "bootItem");
        Objects.requireNonNull(otherSubOptions, "otherSubOptions");
        for (int code : MODELLED) {
            if (otherSubOptions.contains(code)) {
                // Two sources for one sub-option would make encode() ambiguous.
                throw new IllegalArgumentException("sub-option " + code + " has a typed field; set it there");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean hasDiscoveryFlag(int bit) {
        return discoveryControl.isPresent() && (discoveryControl.getAsInt() & bit) != 0;
    }

    /**
     * Reads an option 43 value. Empty when it is not PXE-shaped (vendor options of another kind,
     * or a modelled sub-option with an impossible length), so callers fall back to the raw bytes.
     */
    public static Optional<PxeVendorOptions> parse(byte[] value) {
        Optional<EncapsulatedOptions> parsed = EncapsulatedOptions.parse(value);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        EncapsulatedOptions subs = parsed.get();
        byte[] control = subs.raw(DISCOVERY_CONTROL);
        byte[] servers = subs.raw(BOOT_SERVERS);
        byte[] menu = subs.raw(BOOT_MENU);
        byte[] prompt = subs.raw(MENU_PROMPT);
        byte[] item = subs.raw(BOOT_ITEM);
        if ((control != null && control.length != 1)
                || (prompt != null && prompt.length < 1)
                || (item != null && item.length != 4)) {
            return Optional.empty();
        }
        List<BootServer> serverList = servers == null ? List.of() : parseServers(servers);
        List<MenuEntry> menuList = menu == null ? List.of() : parseMenu(menu);
        if (serverList == null || menuList == null) {
            return Optional.empty();
        }
        EncapsulatedOptions.Builder others = subs.toBuilder();
        for (int code : MODELLED) {
            others.remove(code);
        }
        return Optional.of(new PxeVendorOptions(
                control == null ? OptionalInt.empty() : OptionalInt.of(Bytes.u8(control, 0)),
                serverList,
                menuList,
                prompt == null ? Optional.empty()
                        : Optional.of(new MenuPrompt(Bytes.u8(prompt, 0), text(prompt, 1, prompt.length))),
                item == null ? Optional.empty() : Optional.of(new BootItem(Bytes.u16(item, 0), Bytes.u16(item, 2))),
                others.build()));
    }

    /** @return null when the entries do not tile the value exactly */
    private static List<BootServer> parseServers(byte[] v) {
        List<BootServer> list = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            if (v.length - i < 3) {
                return null;
            }
            int type = Bytes.u16(v, i);
            int count = Bytes.u8(v, i + 2);
            i += 3;
            if (count * 4 > v.length - i) {
                return null;
            }
            List<Inet4Address> addresses = new ArrayList<>();
            for (int n = 0; n < count; n++, i += 4) {
                addresses.add(Bytes.ipv4(v, i));
            }
            list.add(new BootServer(type, addresses));
        }
        return list;
    }

    /** @return null when the entries do not tile the value exactly */
    private static List<MenuEntry> parseMenu(byte[] v) {
        List<MenuEntry> list = new ArrayList<>();
        int i = 0;
        while (i < v.length) {
            if (v.length - i < 3) {
                return null;
            }
            int type = Bytes.u16(v, i);
            int length = Bytes.u8(v, i + 2);
            i += 3;
            if (length > v.length - i) {
                return null;
            }
            list.add(new MenuEntry(type, text(v, i, i + length)));
            i += length;
        }
        return list;
    }

    private static String text(byte[] v, int from, int to) {
        return new String(v, from, to - from, StandardCharsets.UTF_8);
    }

    /**
     * The option 43 value, sub-options in PXE order then the others, closed by END as the PXE
     * specification asks.
     *
     * @throws DhcpEncodeException if a sub-option exceeds 255 bytes or the whole exceeds the 255
     *     bytes of one option: PXE firmware does not join split options, so splitting is no way out
     */
    public byte[] encode() {
        EncapsulatedOptions.Builder subs = EncapsulatedOptions.builder();
        discoveryControl.ifPresent(c -> subs.put(DISCOVERY_CONTROL, c));
        if (!bootServers.isEmpty()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (BootServer s : bootServers) {
                writeU16(out, s.type());
                out.write(s.addresses().size());
                for (Inet4Address a : s.addresses()) {
                    out.writeBytes(a.getAddress());
                }
            }
            subs.put(BOOT_SERVERS, out.toByteArray());
        }
        if (!bootMenu.isEmpty()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (MenuEntry e : bootMenu) {
                byte[] d = Bytes.utf8(e.description());
                writeU16(out, e.type());
                out.write(d.length);
                out.writeBytes(d);
            }
            subs.put(BOOT_MENU, out.toByteArray());
        }
        menuPrompt.ifPresent(p -> {
            byte[] t = Bytes.utf8(p.prompt());
            byte[] v = new byte[1 + t.length];
            v[0] = (byte) p.timeoutSeconds();
            System.arraycopy(t, 0, v, 1, t.length);
            subs.put(MENU_PROMPT, v);
        });
        bootItem.ifPresent(b -> {
            byte[] v = new byte[4];
            Bytes.putU16(v, 0, b.type());
            Bytes.putU16(v, 2, b.layer());
            subs.put(BOOT_ITEM, v);
        });
        for (int code : otherSubOptions.codes()) {
            subs.put(code, otherSubOptions.raw(code));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        subs.build().writeTo(out, "PXE sub-option");
        out.write(255);
        if (out.size() > MAX_OPTION_LENGTH) {
            throw new DhcpEncodeException(OptionCode.describe(43), out.size(), MAX_OPTION_LENGTH,
                    "PXE vendor options (option 43) encode to " + out.size() + " bytes; one option holds at most "
                            + MAX_OPTION_LENGTH + " and PXE firmware does not join split options");
        }
        return out.toByteArray();
    }

    private static void writeU16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void checkRange(String what, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is outside 0.." + max);
        }
    }

    /** Sub-option 8 entry: servers of one boot server type. */
    public record BootServer(int type, List<Inet4Address> addresses) {
        public BootServer {
            checkRange("boot server type", type, 0xFFFF);
            addresses = List.copyOf(addresses);
            if (addresses.size() > 255) {
                throw new IllegalArgumentException("a boot server entry lists at most 255 addresses");
            }
        }
    }

    /** Sub-option 9 entry: one line of the boot menu. */
    public record MenuEntry(int type, String description) {
        public MenuEntry {
            checkRange("menu entry type", type, 0xFFFF);
            Objects.requireNonNull(description, "description");
        }
    }

    /** Sub-option 10: seconds to show the prompt (255 waits for a key) and its text. */
    public record MenuPrompt(int timeoutSeconds, String prompt) {
        public MenuPrompt {
            checkRange("prompt timeout", timeoutSeconds, 255);
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /** Sub-option 71: the server type and layer a client asks for on port 4011. */
    public record BootItem(int type, int layer) {
        public BootItem {
            checkRange("boot item type", type, 0xFFFF);
            checkRange("boot item layer", layer, 0xFFFF);
        }
    }

    /** Assembles a value for a reply. */
    public static final class Builder {
        private OptionalInt discoveryControl = OptionalInt.empty();
        private final List<BootServer> bootServers = new ArrayList<>();
        private final List<MenuEntry> bootMenu = new ArrayList<>();
        private Optional<MenuPrompt> menuPrompt = Optional.empty();
        private Optional<BootItem> bootItem = Optional.empty();
        private final EncapsulatedOptions.Builder others = EncapsulatedOptions.builder();

        private Builder() {
        }

        public Builder discoveryControl(int bits) {
            discoveryControl = OptionalInt.of(bits);
            return this;
        }

        public Builder bootServer(int type, Inet4Address... addresses) {
            bootServers.add(new BootServer(type, List.of(addresses)));
            return this;
        }

        public Builder menuEntry(int type, String description) {
            bootMenu.add(new MenuEntry(type, description));
            return this;
        }

        public Builder menuPrompt(int timeoutSeconds, String prompt) {
            menuPrompt = Optional.of(new MenuPrompt(timeoutSeconds, prompt));
            return this;
        }

        public Builder bootItem(int type, int layer) {
            bootItem = Optional.of(new BootItem(type, layer));
            return this;
        }

        public Builder subOption(int code, byte[] value) {
            others.put(code, value);
            return this;
        }

        public PxeVendorOptions build() {
            return new PxeVendorOptions(discoveryControl, bootServers, bootMenu, menuPrompt, bootItem, others.build());
        }
    }
}
