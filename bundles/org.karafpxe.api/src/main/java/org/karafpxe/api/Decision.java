package org.karafpxe.api;

import java.util.Objects;

/**
 * A provider's answer to one request, with a reason for the request trace.
 *
 * <ul>
 *   <li>{@link Service}: answer the client with a boot answer; the chain stops.</li>
 *   <li>{@link Ignore}: stay silent (the client times out, or another server answers); the chain
 *       stops.</li>
 *   <li>{@link Pass}: no opinion; the next provider is asked.</li>
 * </ul>
 */
public sealed interface Decision permits Decision.Service, Decision.Ignore, Decision.Pass {

    String reason();

    record Service(BootAnswer answer, String reason) implements Decision {
        public Service {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Ignore(String reason) implements Decision {
        public Ignore {
            Objects.requireNonNull(reason, "reason");
        }
    }

    record Pass(String reason) implements Decision {
        public Pass {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Decision service(BootAnswer answer, String reason) {
        return new Service(answer, reason);
    }

    static Decision ignore(String reason) {
        return new Ignore(reason);
    }

    static Decision pass(String reason) {
        return new Pass(reason);
    }
}
