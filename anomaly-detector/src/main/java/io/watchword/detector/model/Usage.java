package io.watchword.detector.model;

import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One usage event as the job keeps it, with the tenant prior's verdicts riding along. Between
 * operators it travels with its own {@link UsageSerializer} (never Kryo, no reflection); a new
 * field must be added there too.
 */
@TypeInfo(UsageSerializer.Factory.class)
public class Usage {
    /** Key of the per-credential state: the credential id, else "prefix:" + display prefix. */
    public String key;

    public String eventId;
    public long ts;
    public String tenantId;
    public String credentialId;
    public String service;
    public String method;
    public String route;
    public int status;
    public String clientIp;
    public String userAgent;
    public long requestBytes;
    public long responseBytes;
    public boolean refused;
    /** {@link io.watchword.events.v1.RefusalReason} name, or null. */
    public String refusalReason;

    /** Derived once at parse time: the source network (/24, /48) and the client family/major. */
    public String network;

    public String uaFamily;
    public String uaVersion;

    // Filled by the tenant prior (TenantPriorFunction) before the per-key operator sees the event.
    public boolean tenantKnowsNetwork;
    /** A key of the tenant used a network in this one's block (/16, IPv6 /32) before: a place the tenant works from. */
    public boolean tenantKnowsBlock;

    public boolean tenantKnowsUaFamily;
    public boolean tenantKnowsRoute;
    /** How many distinct keys of the tenant started using this client family recently. */
    public int uaAdoptingKeys;
    /** The tenant's typical per-key request rate (requests per active minute), 0 if unknown. */
    public double tenantKeyRate;
    /** Events the tenant prior has seen: below the configured minimum it has no opinion. */
    public long tenantEvents;
    /** Event time the tenant prior has been learning for: a prior younger than a day has not seen its rhythm. */
    public long tenantObservedMs;
    /** An announced change (control topic) covers this key at this event's time. */
    public boolean announced;
    /** The tenant's threshold overrides ("name=value;..."), or null. */
    public String overrides;

    public Usage() {}

    public static Usage of(ApiUsageRecorded e) {
        return of(
                e.eventId() == null ? null : e.eventId().toString(),
                e.occurredAt().toEpochMilli(),
                e.tenantId(),
                e.credentialId(),
                e.service(),
                e.method(),
                e.route(),
                e.status(),
                e.clientIp(),
                e.userAgent(),
                e.requestBytes(),
                e.responseBytes(),
                e.effectiveOutcome() == UsageOutcome.REFUSED,
                e.refusalReason() == null ? null : e.refusalReason().name(),
                e.displayPrefix());
    }

    /**
     * The one place a usage event becomes a {@code Usage}, from the record ({@link #of(ApiUsageRecorded)})
     * or straight from its JSON ({@code io.UsageJson}): the key and the derived fields are computed here.
     */
    public static Usage of(
            String eventId,
            long ts,
            String tenantId,
            String credentialId,
            String service,
            String method,
            String route,
            int status,
            String clientIp,
            String userAgent,
            long requestBytes,
            long responseBytes,
            boolean refused,
            String refusalReason,
            String displayPrefix) {
        Usage u = new Usage();
        u.eventId = eventId;
        u.ts = ts;
        u.tenantId = tenantId;
        u.credentialId = credentialId;
        if (credentialId != null && !credentialId.isEmpty()) {
            u.key = credentialId;
        } else if (displayPrefix != null && !displayPrefix.isEmpty()) {
            u.key = "prefix:" + displayPrefix;
        } else {
            u.key = ApiUsageRecorded.UNATTRIBUTED;
        }
        u.service = service;
        u.method = method;
        u.route = route;
        u.status = status;
        u.clientIp = clientIp;
        u.userAgent = userAgent;
        u.requestBytes = requestBytes;
        u.responseBytes = responseBytes;
        u.refused = refused;
        u.refusalReason = refusalReason;
        u.network = Networks.of(clientIp);
        String[] ua = UserAgents.familyAndMajor(userAgent);
        u.uaFamily = ua[0];
        u.uaVersion = ua[1];
        return u;
    }

    /** The tenant operator's key: unknown credentials have no tenant, they share one prior. */
    public String tenantKey() {
        return tenantId == null || tenantId.isEmpty() ? "-" : tenantId;
    }

    public String routeKey() {
        return method + " " + route;
    }
}
