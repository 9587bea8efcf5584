package org.karafpxe.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A response provider: registered as an OSGi service, it is asked about each PXE request in the
 * order of its {@code service.ranking} (highest first), until one says SERVICE or IGNORE.
 *
 * <p>Set the ranking in the provider's Config Admin file ({@code service.ranking = 200}); the
 * chain reads it whether it arrives as a number or as the string a {@code .cfg} file holds. A
 * provider may also publish {@value #NAME} to name itself in traces and listings; otherwise its
 * component name is used.
 *
 * <p>{@link #decide} runs on a worker thread, never on a socket thread, within a time budget: a
 * provider that has not answered when its budget runs out counts as PASS for that request and the
 * next provider is asked. A provider that throws also counts as PASS, and the error is counted.
 */
@ConsumerType
public interface BootProvider {

    /** Service property naming the provider in traces and {@code pxe:providers}. */
    String NAME = "pxe.provider.name";

    Decision decide(BootRequest request) throws Exception;
}
