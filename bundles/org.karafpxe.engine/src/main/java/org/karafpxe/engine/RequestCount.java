package org.karafpxe.engine;

/**
 * How many requests the chain decided with the same port, client, outcome and provider, since it
 * started; dry runs are not counted.
 *
 * @param port      the UDP port the request came to: 67, 4011, or 547 for DHCPv6
 * @param client    {@code PXE} (the firmware), {@code iPXE} or {@code HTTP} (UEFI HTTP boot)
 * @param outcome   {@code SERVICE} or {@code IGNORE}
 * @param decidedBy the provider that decided, or {@code chain} (no provider, out of service, a
 *                  machine falling through)
 * @since 1.6
 */
public record RequestCount(int port, String client, String outcome, String decidedBy, long count) {
}
