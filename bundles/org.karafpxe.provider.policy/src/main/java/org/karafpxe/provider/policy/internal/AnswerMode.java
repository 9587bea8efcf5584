package org.karafpxe.provider.policy.internal;

import java.util.Locale;
import java.util.Optional;

/** Which clients that are not prestaged get an answer (WDS: "respond to all/known/no clients"). */
enum AnswerMode {
    ALL, KNOWN, NONE;

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AnswerMode> byKey(String key) {
        for (AnswerMode m : values()) {
            if (m.key().equalsIgnoreCase(key.trim())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
