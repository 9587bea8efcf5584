package org.karafpxe.engine;

import java.time.Instant;
import java.util.Optional;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;

/**
 * One request the chain decided, as kept for {@code pxe:requests}. Of the request's raw options
 * only iPXE's option 175 is kept.
 */
public record RequestRecord(Instant time, BootRequest request, ChainResult result) {

    /** "SERVICE" or "IGNORE". */
    public String outcome() {
        return result.decision() instanceof Decision.Service ? "SERVICE" : "IGNORE";
    }

    /** The boot file the client was given, if it was answered. */
    public Optional<String> bootFile() {
        return result.decision() instanceof Decision.Service s ? Optional.of(s.answer().describe()) : Optional.empty();
    }
}
