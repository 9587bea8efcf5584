package org.karafpxe.provider.http.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.Decision;
import org.karafpxe.support.Json;

/**
 * Reads the service's HTTP answer into a decision.
 *
 * <ul>
 *   <li>200 with {@code {"action":"service","bootFile":"ipxe/snponly.efi"}}: SERVICE with that boot
 *       program ({@code "abort"} boots the client locally at once); with
 *       {@code "bootServer":"192.0.2.7"} (an IPv4 address) the client is referred to that server.</li>
 *   <li>200 with {@code {"action":"ignore"}}: IGNORE; {@code {"action":"pass"}}: PASS.</li>
 *   <li>204: PASS; 404: PASS (the client is unknown to the service).</li>
 * </ul>
 *
 * An optional {@code "reason"} string is put in the decision's reason. Members not named here are
 * ignored, so the service may send more. Anything else is a failure: another status, a body that
 * is not UTF-8 JSON, not an object, without a string {@code action}, with an action other than the
 * three, a service answer without a {@code bootFile} string, or a {@code bootServer} that is not an
 * IPv4 address (no name is looked up: that could outlast the time budget).
 */
final class ServiceAnswer {
    static final String WHO = "HTTP service";
    static final int MAX_REASON = 200;

    private static final Pattern IPV4 =
            Pattern.compile("(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");

    private ServiceAnswer() {
    }

    /** What a call came to: an answer to use (and cache), or a failure. */
    sealed interface Result permits Answer, Failure {
    }

    record Answer(Decision decision, Answered how) implements Result {
    }

    /** @param what what went wrong, for the decision's reason and the log */
    record Failure(CallError kind, String what) implements Result {
    }

    static Result read(int status, byte[] body) {
        if (status == 204) {
            return new Answer(Decision.pass(WHO + ": no answer (204)"), Answered.NO_CONTENT);
        }
        if (status == 404) {
            return new Answer(Decision.pass(WHO + ": client unknown to the service (404)"), Answered.NOT_FOUND);
        }
        if (status != 200) {
            return new Failure(CallError.STATUS, "HTTP status " + status + " (expected 200, 204 or 404)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return malformed("the answer is not UTF-8 text");
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.MalformedException e) {
            return malformed("the answer is not JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> answer)) {
            return malformed("the answer is not a JSON object");
        }
        Object action = answer.get("action");
        if (!(action instanceof String)) {
            return malformed(action == null ? "the answer has no \"action\"" : "\"action\" is not a string");
        }
        Object rawReason = answer.get("reason");
        if (rawReason != null && !(rawReason instanceof String)) {
            return malformed("\"reason\" is not a string");
        }
        String because = rawReason == null || ((String) rawReason).isBlank() ? "" : " (" + shown((String) rawReason,
                MAX_REASON) + ")";
        switch ((String) action) {
            case "service":
                return service(answer, because);
            case "ignore":
                return new Answer(Decision.ignore(WHO + ": ignore" + because), Answered.IGNORE);
            case "pass":
                return new Answer(Decision.pass(WHO + ": pass" + because), Answered.PASS);
            default:
                return new Failure(CallError.UNKNOWN_ACTION, "unknown action '" + shown((String) action, 40)
                        + "' (expected service, ignore or pass)");
        }
    }

    private static Result service(Map<?, ?> answer, String because) {
        Object file = answer.get("bootFile");
        if (!(file instanceof String)) {
            return malformed(file == null ? "a service answer without \"bootFile\"" : "\"bootFile\" is not a string");
        }
        String bootFile = ((String) file).trim();
        if (bootFile.isEmpty() || hasControlCharacter(bootFile)) {
            return malformed("\"bootFile\" is empty or has control characters");
        }
        Object server = answer.get("bootServer");
        if (server == null) {
            BootAnswer boot = BootAnswer.forProgram(bootFile);
            return new Answer(Decision.service(boot, WHO + ": " + boot.describe() + because), Answered.SERVICE);
        }
        if (!(server instanceof String)) {
            return malformed("\"bootServer\" is not a string");
        }
        Optional<InetAddress> address = ipv4((String) server);
        if (address.isEmpty()) {
            return malformed("\"bootServer\" '" + shown((String) server, 60) + "' is not an IPv4 address");
        }
        if (bootFile.equalsIgnoreCase(BootAnswer.ABORT)) {
            return malformed("\"bootFile\" abort (boot locally) cannot come from a \"bootServer\"");
        }
        String on = address.get().getHostAddress();
        return new Answer(Decision.service(BootAnswer.referral(bootFile, address.get()),
                WHO + ": " + bootFile + " on boot server " + on + because), Answered.SERVICE);
    }

    private static Failure malformed(String what) {
        return new Failure(CallError.MALFORMED, what);
    }

    /** An IPv4 address in dotted-quad form, without a name lookup. */
    static Optional<InetAddress> ipv4(String text) {
        Matcher m = IPV4.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(m.group(i + 1));
            if (part > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) part;
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** A text from the service as it may appear in a log line: one line, at most {@code max} characters. */
    static String shown(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 3));
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= max) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString().trim();
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
