package org.karafpxe.engine;

/** Durations as milliseconds with three decimals, for log lines written per request (no Formatter). */
final class Millis {
    private Millis() {
    }

    static String of(long nanos) {
        long micros = (Math.abs(nanos) + 500) / 1000;
        String fraction = Long.toString(1000 + micros % 1000).substring(1);
        return (nanos < 0 ? "-" : "") + micros / 1000 + "." + fraction;
    }
}
