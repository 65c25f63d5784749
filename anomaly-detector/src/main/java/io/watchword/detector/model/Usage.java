package io.watchword.detector.model;

import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;

/**
 * One usage event as the job keeps it: a Flink POJO (public fields, no-arg constructor) so its
 * serializer is Flink's own, not Kryo, and the tenant prior's verdicts ride along with it.
 */
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
        Usage u = new Usage();
        u.eventId = e.eventId() == null ? null : e.eventId().toString();
        u.ts = e.occurredAt().toEpochMilli();
        u.tenantId = e.tenantId();
        u.credentialId = e.credentialId();
        if (e.credentialId() != null && !e.credentialId().isEmpty()) {
            u.key = e.credentialId();
        } else if (e.displayPrefix() != null && !e.displayPrefix().isEmpty()) {
            u.key = "prefix:" + e.displayPrefix();
        } else {
            u.key = ApiUsageRecorded.UNATTRIBUTED;
        }
        u.service = e.service();
        u.method = e.method();
        u.route = e.route();
        u.status = e.status();
        u.clientIp = e.clientIp();
        u.userAgent = e.userAgent();
        u.requestBytes = e.requestBytes();
        u.responseBytes = e.responseBytes();
        u.refused = e.effectiveOutcome() == UsageOutcome.REFUSED;
        u.refusalReason = e.refusalReason() == null ? null : e.refusalReason().name();
        u.network = Networks.of(e.clientIp());
        String[] ua = UserAgents.familyAndMajor(e.userAgent());
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
