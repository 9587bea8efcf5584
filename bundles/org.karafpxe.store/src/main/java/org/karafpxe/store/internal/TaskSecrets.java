package org.karafpxe.store.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.karafpxe.store.BootTask;

/**
 * The completion callback's secret of each task: an HMAC-SHA256 of the device id and the task
 * under a random key of 256 bits kept in the database ({@code pxe_secret}), written as 26
 * lower-case base-32 characters (130 bits), safe in a URL path and an iPXE setting.
 */
final class TaskSecrets {
    static final String NAME = "task-callback";
    static final int LENGTH = 26;
    private static final String ALGORITHM = "HmacSHA256";
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final byte[] key;

    private TaskSecrets(byte[] key) {
        this.key = key;
    }

    static TaskSecrets generate() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new TaskSecrets(key);
    }

    static TaskSecrets of(String encoded) {
        return new TaskSecrets(Base64.getDecoder().decode(encoded));
    }

    String encoded() {
        return Base64.getEncoder().encodeToString(key);
    }

    String secret(long deviceId, BootTask task) {
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance(ALGORITHM);
            hmac.init(new SecretKeySpec(key, ALGORITHM));
            mac = hmac.doFinal((deviceId + "\n" + (task.oneShot() ? "one-shot" : "every-boot") + "\n" + task.script())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
        char[] out = new char[LENGTH];
        long bits = 0;
        int held = 0;
        int in = 0;
        for (int i = 0; i < LENGTH; i++) {
            if (held < 5) {
                bits = (bits << 8) | (mac[in++] & 0xff);
                held += 8;
            }
            out[i] = BASE32[(int) (bits >>> (held - 5)) & 31];
            held -= 5;
        }
        return new String(out);
    }

    /** Compares in constant time, so the answer's timing tells nothing of the secret. */
    boolean matches(long deviceId, BootTask task, String given) {
        return given != null && MessageDigest.isEqual(secret(deviceId, task).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
