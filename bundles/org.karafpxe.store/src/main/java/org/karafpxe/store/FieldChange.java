package org.karafpxe.store;

import java.util.Objects;
import java.util.Optional;

/**
 * What a partial update does to one optional field: leave it, set it, or clear it. Three cases
 * that an {@code Optional} alone cannot tell apart ("not given" versus "set to nothing").
 */
public sealed interface FieldChange<T> permits FieldChange.Keep, FieldChange.SetTo, FieldChange.Clear {

    /** The field's value after the change. */
    Optional<T> applyTo(Optional<T> current);

    /** Leave the field as it is. */
    record Keep<T>() implements FieldChange<T> {
        @Override
        public Optional<T> applyTo(Optional<T> current) {
            return current;
        }
    }

    /** Give the field this value. */
    record SetTo<T>(T value) implements FieldChange<T> {
        public SetTo {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<T> applyTo(Optional<T> current) {
            return Optional.of(value);
        }
    }

    /** Remove the field's value. */
    record Clear<T>() implements FieldChange<T> {
        @Override
        public Optional<T> applyTo(Optional<T> current) {
            return Optional.empty();
        }
    }

    static <T> FieldChange<T> keep() {
        return new Keep<>();
    }

    static <T> FieldChange<T> set(T value) {
        return new SetTo<>(value);
    }

    static <T> FieldChange<T> clear() {
        return new Clear<>();
    }
}
