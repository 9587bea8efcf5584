package org.karafpxe.web.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.engine.ChainResult;
import org.karafpxe.engine.ProviderStatus;
import org.karafpxe.engine.RequestRecord;
import org.karafpxe.engine.TraceStep;
import org.karafpxe.http.HttpFetch;
import org.karafpxe.store.AuditEntry;
import org.karafpxe.store.BannedGuid;
import org.karafpxe.store.BootTask;
import org.karafpxe.store.Device;
import org.karafpxe.store.DuplicateGuid;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.tftp.TftpSessionInfo;
import org.karafpxe.tftp.TftpStatistics;
import org.karafpxe.tftp.TftpTransfer;

/** The JSON shapes of the API: maps in a fixed key order, as the OpenAPI document describes them. */
final class Views {

    private Views() {
    }

    static Map<String, Object> device(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("name", d.name());
        m.put("mac", d.mac().map(Object::toString));
        m.put("guid", d.guid().map(Object::toString));
        m.put("bootProgram", d.bootProgram());
        m.put("referralServer", d.referralServer());
        m.put("group", d.group());
        m.put("task", d.task().map(Views::task));
        m.put("created", d.created());
        m.put("lastSeen", d.lastSeen());
        return m;
    }

    static Map<String, Object> task(BootTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("script", t.script());
        m.put("oneShot", t.oneShot());
        m.put("program", t.bootProgram());
        return m;
    }

    static Map<String, Object> banned(BannedGuid b) {
        return ordered("guid", b.guid().toString(), "reason", b.reason(), "since", b.bannedAt());
    }

    static Map<String, Object> duplicate(DuplicateGuid d) {
        return ordered("guid", d.guid().toString(), "macs", d.macs().stream().map(Object::toString).toList(),
                "lastSeen", d.lastSeen(), "banned", d.banned());
    }

    static Map<String, Object> pending(PendingDevice p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("mac", p.mac().toString());
        m.put("guid", p.guid().map(Object::toString));
        m.put("architecture", p.architecture());
        m.put("address", p.address());
        m.put("relay", p.relay());
        m.put("firstSeen", p.firstSeen());
        m.put("lastSeen", p.lastSeen());
        m.put("requests", p.requests());
        m.put("state", p.state().key());
        return m;
    }

    static Map<String, Object> audit(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("at", e.at());
        m.put("actor", e.actor());
        m.put("action", e.action());
        m.put("subject", e.subject());
        m.put("before", e.before());
        m.put("after", e.after());
        return m;
    }

    static Map<String, Object> provider(ProviderStatus p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("position", p.position());
        m.put("name", p.name());
        m.put("ranking", p.ranking());
        m.put("bundle", p.bundle());
        m.put("service", p.service());
        m.put("ignore", p.ignore());
        m.put("pass", p.pass());
        m.put("errors", p.errors());
        m.put("timeouts", p.timeouts());
        return m;
    }

    static int port(BootRequest q) {
        return q.port() == ExchangePort.PXE_BOOT_SERVER ? 4011 : q.isIpv6() ? 547 : 67;
    }

    static String client(BootRequest q) {
        return q.isIpxe() ? "iPXE" : q.isHttpClient() ? "HTTP" : "PXE";
    }

    static Map<String, Object> decision(RequestRecord r) {
        BootRequest q = r.request();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", r.time());
        m.put("mac", q.mac().toString());
        m.put("guid", q.guid().map(Object::toString));
        m.put("arch", q.architecture().key());
        m.put("port", port(q));
        m.put("client", client(q));
        m.put("ipv6", q.isIpv6());
        m.put("decidedBy", r.result().decidedBy());
        m.put("outcome", r.outcome());
        m.put("bootFile", r.bootFile());
        m.put("reason", r.result().decision().reason());
        m.put("ms", r.result().elapsedNanos() / 1e6);
        return m;
    }

    static Map<String, Object> explained(ChainResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", result.decision() instanceof Decision.Service ? "SERVICE" : "IGNORE");
        m.put("decidedBy", result.decidedBy());
        m.put("bootFile", result.decision() instanceof Decision.Service s
                ? Optional.of(s.answer().describe()) : Optional.empty());
        m.put("reason", result.decision().reason());
        List<Map<String, Object>> steps = result.steps().stream().map(Views::step).toList();
        m.put("steps", steps);
        return m;
    }

    private static Map<String, Object> step(TraceStep s) {
        return ordered("provider", s.provider(), "ranking", s.ranking(), "outcome", s.outcome().name(),
                "reason", s.reason(), "ms", s.elapsedNanos() / 1e6);
    }

    /**
     * A transfer: {@code running}, or how it ended ({@code complete}, {@code aborted}, {@code failed}),
     * with the MAC of its client when the neighbour table knows it.
     */
    static Map<String, Object> transfer(TftpSessionInfo s, String state, Optional<String> mac) {
        boolean done = !state.equals("running");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", transferId(s));
        m.put("client", s.client().getAddress().getHostAddress());
        m.put("mac", mac);
        m.put("file", s.file());
        m.put("bytesSent", s.bytesSent());
        m.put("totalBytes", s.totalBytes());
        m.put("percent", state.equals("complete") && s.totalBytes() >= 0 ? 100.0 : Math.floor(s.percentDone() * 10) / 10);
        m.put("bytesPerSecond", Math.round(s.bytesPerSecond()));
        m.put("retransmits", s.retransmits());
        m.put("state", done ? "done" : "running");
        m.put("outcome", state);
        return m;
    }

    /** A transfer that has ended, with when. */
    static Map<String, Object> ended(TftpTransfer t, Optional<String> mac) {
        Map<String, Object> m = transfer(t.transfer(), t.outcome(), mac);
        m.put("ended", t.ended());
        return m;
    }

    static Map<String, Object> fetch(HttpFetch f, Optional<String> mac) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", f.ended());
        m.put("client", f.client());
        m.put("mac", mac);
        m.put("method", f.method());
        m.put("path", f.path());
        m.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
        m.put("status", f.status());
        m.put("bytes", f.bytes());
        m.put("ms", f.nanos() / 1e6);
        return m;
    }

    static String transferId(TftpSessionInfo s) {
        return s.client().getAddress().getHostAddress() + ":" + s.client().getPort() + " " + s.file();
    }

    static Map<String, Object> tftp(TftpStatistics t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", t.requests());
        m.put("transfersCompleted", t.transfersCompleted());
        m.put("abortedByClient", t.abortedByClient());
        m.put("failed", t.failed());
        m.put("refusedNotFound", t.refusedNotFound());
        m.put("refusedAccess", t.refusedAccess());
        m.put("refusedWriteRequest", t.refusedWriteRequest());
        m.put("refusedLimit", t.refusedLimit());
        m.put("refusedMode", t.refusedMode());
        m.put("malformedDropped", t.malformedDropped());
        m.put("bytesSent", t.bytesSent());
        m.put("retransmits", t.retransmits());
        m.put("activeSessions", t.activeSessions());
        m.put("enabled", t.enabled());
        m.put("listening", t.listening());
        m.put("address", t.address().getAddress().getHostAddress() + ":" + t.address().getPort());
        m.put("bindError", t.bindError());
        return m;
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
