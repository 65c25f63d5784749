package io.watchword.analytics.alert;

import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.DetectorFinding;
import io.watchword.events.v1.UsageSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert as an OCSF Detection Finding (class 2004, category 2 Findings, schema 1.3.0), for a SIEM
 * to ingest (decision 0161). The key is the finding's resource; each detector that fired is an
 * analytic in {@code finding_info.related_analytics}; the samples are observables of the requests
 * quoted; what OCSF has no attribute for (tenant, policy decisions, expected vs observed) is in
 * {@code unmapped}.
 */
public final class OcsfDetectionFindings {

    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;
    static final String SCHEMA_VERSION = "1.3.0";

    private OcsfDetectionFindings() {}

    public static Map<String, Object> of(AlertDetail detail) {
        AlertSummary a = detail.alert();
        AnomalyDetected e = detail.event();
        int activity = a.status() == AlertStatus.OPEN ? 1 : 2; // Create, then Update once triaged
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("class_uid", CLASS_UID);
        f.put("class_name", "Detection Finding");
        f.put("category_uid", CATEGORY_UID);
        f.put("category_name", "Findings");
        f.put("activity_id", activity);
        f.put("activity_name", activity == 1 ? "Create" : "Update");
        f.put("type_uid", CLASS_UID * 100 + activity);
        f.put("time", millis(a.occurredAt()));
        f.put("severity_id", severityId(a.severity()));
        f.put("severity", title(a.severity()));
        f.put("status_id", statusId(a.status()));
        f.put("status", statusName(a.status()));
        f.put("is_alert", true);
        f.put("message", a.description());
        f.put("risk_score", (int) Math.round(Math.min(a.score(), 100.0)));
        f.put(
                "metadata",
                Map.of(
                        "version",
                        SCHEMA_VERSION,
                        "uid",
                        a.id().toString(),
                        "tenant_uid",
                        a.tenantId(),
                        "product",
                        Map.of(
                                "name",
                                "Watchword",
                                "vendor_name",
                                "Watchword",
                                "feature",
                                Map.of("name", a.detector()))));

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uid", a.id().toString());
        info.put("title", a.detector() + " anomaly on " + a.credentialId());
        info.put("desc", a.description());
        info.put("types", List.of("API key anomaly"));
        info.put("created_time", millis(a.receivedAt()));
        info.put("modified_time", millis(a.updatedAt()));
        if (e.firstEventAt() != null) {
            info.put("first_seen_time", millis(e.firstEventAt()));
        }
        if (e.lastEventAt() != null) {
            info.put("last_seen_time", millis(e.lastEventAt()));
        }
        info.put("analytic", analytic(e.detector()));
        List<Map<String, Object>> related = new ArrayList<>();
        for (DetectorFinding d : e.findings()) {
            Map<String, Object> r = analytic(d.detector());
            r.put("desc", d.description());
            related.add(r);
        }
        if (!related.isEmpty()) {
            info.put("related_analytics", related);
        }
        f.put("finding_info", info);

        f.put("resources", List.of(Map.of("uid", a.credentialId(), "type", "API credential")));
        List<Map<String, Object>> observables = new ArrayList<>();
        for (UsageSample s : e.samples()) {
            if (s.clientIp() != null) {
                observables.add(
                        Map.of("name", "sample.client_ip", "type_id", 2, "type", "IP Address", "value", s.clientIp()));
            }
        }
        if (!observables.isEmpty()) {
            f.put("observables", observables);
        }

        Map<String, Object> unmapped = new LinkedHashMap<>();
        unmapped.put("watchword_tenant_id", a.tenantId());
        unmapped.put("watchword_score", a.score());
        unmapped.put("watchword_recommended_action", a.recommendedAction());
        unmapped.put("watchword_evidence", e.evidence());
        unmapped.put("watchword_findings", e.findings());
        unmapped.put("watchword_samples", e.samples());
        unmapped.put("watchword_decisions", detail.decisions());
        unmapped.put("watchword_triage", detail.triage());
        f.put("unmapped", unmapped);
        return f;
    }

    private static Map<String, Object> analytic(String detector) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", detector);
        a.put("uid", detector);
        a.put("type_id", 2); // Behavioral
        a.put("type", "Behavioral");
        return a;
    }

    static int severityId(String severity) {
        return switch (severity) {
            case "LOW" -> 2;
            case "MEDIUM" -> 3;
            case "HIGH" -> 4;
            case "CRITICAL" -> 5;
            default -> 0;
        };
    }

    static int statusId(AlertStatus status) {
        return switch (status) {
            case OPEN -> 1; // New
            case ACKNOWLEDGED -> 2; // In Progress
            case FALSE_POSITIVE -> 3; // Suppressed: judged benign
        };
    }

    private static String statusName(AlertStatus status) {
        return switch (status) {
            case OPEN -> "New";
            case ACKNOWLEDGED -> "In Progress";
            case FALSE_POSITIVE -> "Suppressed";
        };
    }

    private static String title(String severity) {
        return severity.charAt(0) + severity.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private static long millis(Instant t) {
        return t.toEpochMilli();
    }
}
