package org.karafpxe.provider.policy.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.karafpxe.api.BootAnswer;
import org.karafpxe.api.BootProvider;
import org.karafpxe.api.BootRequest;
import org.karafpxe.api.Decision;
import org.karafpxe.api.ExchangePort;
import org.karafpxe.store.Device;
import org.karafpxe.store.DeviceLookup;
import org.karafpxe.store.PendingDevice;
import org.karafpxe.store.PendingDevices;
import org.karafpxe.store.PendingSighting;
import org.karafpxe.store.ReferralServers;
import org.karafpxe.support.CheckedConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer policy for clients the prestaged provider did not answer: {@code all}, {@code known}
 * (clients that are not prestaged are ignored) or {@code none}; a response delay for clients that
 * are not prestaged, so that another server on the segment can answer them first; and the default
 * boot program per architecture. Prestaged clients are never delayed.
 */
@Component(configurationPid = AnswerPolicyProvider.PID,
        property = {BootProvider.NAME + "=policy", "service.ranking:Integer=200"})
@Designate(ocd = AnswerPolicyProvider.Config.class)
public final class AnswerPolicyProvider implements BootProvider {
    static final String PID = "org.karafpxe.provider.policy";
    private static final Logger LOG = LoggerFactory.getLogger(AnswerPolicyProvider.class);

    @ObjectClassDefinition(name = "Karaf PXE answer policy",
            description = "Which clients are answered, after how long, with which default boot program "
                    + "(bootfile.<architecture> = <path>).")
    @interface Config {
        @AttributeDefinition(name = "service.ranking", description = "Place in the provider chain; higher is asked first.")
        int service_ranking() default 200;

        @AttributeDefinition(description = "Clients answered: all, known (prestaged only) or none.",
                options = {@Option(label = "all", value = "all"), @Option(label = "known", value = "known"),
                    @Option(label = "none", value = "none")})
        String mode() default "all";

        @AttributeDefinition(name = "delay.secs", min = "0", max = "65535", description = "Seconds a client that is not prestaged must "
                + "have been trying (its secs field) before it is answered (0-65535).")
        int delay_secs() default 0;

        @AttributeDefinition(name = "prompt.new", description = "The press-a-key prompt for machines that are "
                + "not prestaged (WDS's PxePromptPolicy for new clients), in front of their iPXE script "
                + "(bootfile.ipxe): noprompt; optin, the script runs only when the key is pressed, else the "
                + "machine boots locally; optout, it runs unless the key is pressed. The timeout, key and words "
                + "are prompt.* in etc/org.karafpxe.provider.ipxe.scripts.cfg.")
        String prompt_new() default "noprompt";

        @AttributeDefinition(description = "WDS's 'require administrator approval for unknown computers' (with "
                + "mode = all): a machine that is not prestaged is recorded as pending and waits on its screen (iPXE "
                + "asks the server again every few seconds) until an administrator approves it (pxe:pending-approve: "
                + "it boots into its task or its default at once) or rejects it (pxe:pending-reject: it boots its "
                + "disk, and is not held again until its record is deleted). The wait is set by approval.* in "
                + "etc/org.karafpxe.provider.ipxe.scripts.cfg.")
        boolean approval() default false;

        @AttributeDefinition(name = "pending.max", min = "1", max = "100000", description = "Machines kept in the "
                + "pending queue at most (1-100000), across the servers sharing the store: beyond, the least recently "
                + "seen go first (pxe:pending-list counts them), so a segment of machines nobody approves cannot "
                + "grow the store without bound.")
        int pending_max() default 1000;
    }

    private final DeviceLookup store;
    private final PendingDevices pending;
    private final ReferralServers referrals;
    private final BootAttempts attempts = new BootAttempts();
    private volatile PolicySettings settings = PolicySettings.from(Map.of());

    @Activate
    public AnswerPolicyProvider(@Reference(name = "store") DeviceLookup store,
            @Reference(name = "pending") PendingDevices pending,
            @Reference(name = "referrals") ReferralServers referrals, Config config, Map<String, Object> properties) {
        this.store = store;
        this.pending = pending;
        this.referrals = referrals;
        configure(config, properties);
    }

    /** The raw properties name a refused value (see {@link CheckedConfig}) and hold the bootfile.* family. */
    @Modified
    void configure(Config config, Map<String, Object> properties) {
        PolicySettings next = PolicySettings.from(CheckedConfig.of(Config.class, config, properties), properties);
        next.problems().forEach(p -> LOG.error("etc/{}.cfg: {}", PID, p));
        settings = next;
        LOG.info("Answer policy: {} clients, {} s delay for clients that are not prestaged, boot programs {}, "
                + "prompt for new machines: {}{}", next.mode().key(), next.delaySeconds(), next.programs().byArchitecture(),
                next.promptNew(), next.approval() ? "; machines that are not prestaged wait for approval (at most "
                        + next.pendingMax() + " kept)" : "");
    }

    /**
     * Without blocking when the policy answers no one, or when the store knows from memory that
     * the client is not prestaged (then only the delay, kept in memory, is left to look up).
     */
    @Override
    public boolean decidesWithoutBlocking(BootRequest request) {
        PolicySettings s = settings;
        // Holding a machine for approval writes the store.
        return s.mode() == AnswerMode.NONE || !s.approval() && store.surelyMatchesNothing(request.guid(), request.mac());
    }

    @Override
    public Decision decide(BootRequest request) {
        PolicySettings s = settings;
        if (s.mode() == AnswerMode.NONE) {
            return Decision.ignore("answer policy is none");
        }
        Optional<Device> device = store.match(request.guid(), request.mac());
        boolean known = device.isPresent();
        if (!known) {
            if (s.mode() == AnswerMode.KNOWN) {
                return Decision.ignore("not prestaged, and the answer policy is known");
            }
            // Port 4011 comes after the client took our offer: a delay there would only lose it.
            if (s.delaySeconds() > 0 && request.port() == ExchangePort.PROXY_DHCP) {
                int elapsed = request.dryRun() ? request.secs()
                        : attempts.elapsedSeconds(request.mac(), request.secs(), System.nanoTime());
                // The seed's rule: answered once the client has tried longer than the delay, not as long.
                if (elapsed <= s.delaySeconds()) {
                    return Decision.ignore("not prestaged: waiting " + s.delaySeconds() + " s, client has tried "
                            + elapsed + " s");
                }
            }
        }
        String who = known ? "prestaged " + device.get().name() : "not prestaged";
        Optional<String> file = s.programs().forRequest(request);
        if (file.isEmpty()) {
            return Decision.pass(who + ", no default boot program for " + request.architecture().key());
        }
        if (!known && s.approval()) {
            return held(request, file.get(), s);
        }
        Optional<String> referral = device.flatMap(Device::referralServer);
        if (referral.isPresent()) {
            // WDS: the referral alone sends the device elsewhere, with the architecture's default.
            return referrals.refer(referral.get(), file.get(), who + ", " + request.architecture().key() + " default");
        }
        BootAnswer answer = BootAnswer.forProgram(file.get());
        if (!known && request.isIpxe() && !s.promptNew().equals(PolicySettings.NO_PROMPT) && !answer.fallsThrough()
                && !file.get().contains("://")) {
            // A new machine's script behind the press-a-key prompt, which the iPXE provider serves.
            String prompted = BootAnswer.PROMPT_FOLDER + s.promptNew() + "/" + file.get();
            return Decision.service(BootAnswer.of(prompted), who + ", " + request.architecture().key() + " default: "
                    + file.get() + " behind the " + s.promptNew() + " prompt");
        }
        return Decision.service(answer, who + ", " + request.architecture().key() + " default: " + file.get());
    }

    /**
     * A machine that is not prestaged while approval is required: noted in the pending queue, chained
     * to iPXE as any new machine, and iPXE given its waiting script; a rejected machine's iPXE gets the
     * local-boot script.
     */
    private Decision held(BootRequest request, String file, PolicySettings s) {
        String arch = request.architecture().key();
        if (request.dryRun()) {
            return Decision.service(request.isIpxe() ? BootAnswer.of(BootAnswer.APPROVAL_FOLDER + "<token>.ipxe")
                    : BootAnswer.forProgram(file), "not prestaged, approval required: held as pending (or booted "
                    + "locally, if rejected) until an administrator approves it");
        }
        PendingDevice p = pending.sighted(new PendingSighting(request.mac(), request.guid(), arch,
                request.serverAddress().getHostAddress(), request.relayAddress().map(InetAddress::getHostAddress),
                Instant.now()), s.pendingMax());
        String record = "pending #" + p.id();
        if (!request.isIpxe()) {
            return Decision.service(BootAnswer.forProgram(file), "not prestaged, approval required (" + record + ", "
                    + p.state().key() + "): chained to iPXE, " + arch + " default: " + file);
        }
        if (p.state() == PendingDevice.State.REJECTED) {
            // As a local-boot answer, so that the firmware's later boot options of this boot give up at once.
            return Decision.service(BootAnswer.localBootScript(BootAnswer.LOCAL_BOOT_SCRIPT), "not prestaged, "
                    + record + " rejected: the local-boot script");
        }
        return Decision.service(BootAnswer.of(BootAnswer.APPROVAL_FOLDER + p.token() + ".ipxe"),
                "not prestaged, approval required: " + record + " waits for approval");
    }
}
