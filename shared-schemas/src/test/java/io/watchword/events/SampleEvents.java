package io.watchword.events;

import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.events.v1.CredentialExpired;
import io.watchword.events.v1.CredentialHygieneNotice;
import io.watchword.events.v1.CredentialIssued;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialRotated;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.CredentialUpdated;
import io.watchword.events.v1.DetectorControlChanged;
import io.watchword.events.v1.DetectorFinding;
import io.watchword.events.v1.HygieneNoticeKind;
import io.watchword.events.v1.PartitionOffset;
import io.watchword.events.v1.RateUsageReported;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.ResponseAction;
import io.watchword.events.v1.ResponseDecided;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.events.v1.Severity;
import io.watchword.events.v1.UsageOutcome;
import io.watchword.events.v1.UsageSample;
import io.watchword.events.v1.VerifierStatusReported;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One sample of every event type with every property set ({@link #full}), and one with only the
 * properties its schema requires ({@link #minimal}).
 */
public final class SampleEvents {

    static final String TENANT = "ten_acme";
    static final String KEY_ID = "key_3hY7cQk2Lw9PzXr1VbN8aT";
    static final Instant AT = Instant.parse("2026-11-25T08:15:30.123456Z");

    private SampleEvents() {}

    public static WatchwordEvent full(EventType type) {
        UUID id = UUID.fromString("0b7f5a8e-4c1d-4e7a-9f3b-2d6c8e1a5b90");
        UUID alert = UUID.fromString("7c2e9d14-8a3b-4f6e-b1c5-9e0d2a7f4b38");
        return switch (type) {
            case CREDENTIAL_ISSUED ->
                new CredentialIssued(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        CredentialType.API_KEY,
                        "orders-sync",
                        "live",
                        "ww_live_AbCd1234",
                        List.of("orders:read", "invoices:write"),
                        List.of("10.0.0.0/8", "2001:db8::/32"),
                        Map.of("team", "payments"),
                        AT.plusSeconds(90 * 86_400),
                        "key_0000000000000000000001",
                        "adm_Q2wE4rT6yU8iO0pA1sD3fG");
            case CREDENTIAL_UPDATED ->
                new CredentialUpdated(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        "orders-sync-v2",
                        Map.of("team", "billing"),
                        "adm_Q2wE4rT6yU8iO0pA1sD3fG");
            case CREDENTIAL_ROTATED ->
                new CredentialRotated(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        "key_9ZyXwVuTsRqPoNmLkJiHgF",
                        AT.plusSeconds(86_400),
                        "adm_Q2wE4rT6yU8iO0pA1sD3fG");
            case CREDENTIAL_EXPIRED -> new CredentialExpired(id, AT, TENANT, KEY_ID, AT.minusSeconds(1));
            case CREDENTIAL_REVOCATION_CHANGED ->
                new CredentialRevocationChanged(
                        id,
                        AT,
                        TENANT,
                        "tok_5tGbNhY6uJmKi8oLp0QaZx",
                        CredentialType.TOKEN,
                        KEY_ID,
                        RevocationStatus.SUSPENDED,
                        RevocationReason.ANOMALY,
                        "policy",
                        alert.toString(),
                        AT.plusSeconds(900));
            case CREDENTIAL_STATE_CHANGED ->
                new CredentialStateChanged(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        CredentialType.API_KEY,
                        "live",
                        "ww_live_AbCd1234",
                        "orders-sync",
                        List.of("orders:read", "invoices:write"),
                        List.of("10.0.0.0/8", "2001:db8::/32"),
                        AT.plusSeconds(3_600),
                        CredentialState.ROTATED,
                        AT.plusSeconds(3_600),
                        "key_9ZyXwVuTsRqPoNmLkJiHgF",
                        "key_0000000000000000000001",
                        600,
                        60,
                        50,
                        100_000L,
                        2_000_000L,
                        60,
                        AT.plusSeconds(1_800),
                        "alert:7d1f5c3e-8a2b-4c6d-9e0f-1a2b3c4d5e6f");
            case API_USAGE_RECORDED ->
                new ApiUsageRecorded(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        "orders-api",
                        "GET",
                        "/orders/{id}",
                        200,
                        1_840,
                        "203.0.113.7",
                        "orders-sync/1.4 (+https://example.com)",
                        0,
                        1_532,
                        UsageOutcome.REFUSED,
                        RefusalReason.SOURCE_NOT_ALLOWED,
                        "ww_live_AbCd1234",
                        List.of("orders:read"));
            case ANOMALY_DETECTED ->
                new AnomalyDetected(
                        alert,
                        AT,
                        TENANT,
                        KEY_ID,
                        "request-rate-ewma",
                        Severity.HIGH,
                        7.25,
                        "request rate 14x the learned baseline",
                        AT.minusSeconds(60),
                        AT,
                        Map.of("baselinePerMinute", "42.0", "observedPerMinute", "588"),
                        List.of(
                                new DetectorFinding(
                                        "request-rate-ewma",
                                        7.25,
                                        "request rate 14x the learned baseline",
                                        "588/min",
                                        "42/min",
                                        Map.of("baselinePerMinute", "42.0")),
                                new DetectorFinding(
                                        "new-source-network", 1.5, "first use from 203.0.113.0/24", null, null, null)),
                        AT.minusSeconds(55),
                        AT.minusSeconds(1),
                        List.of(new UsageSample(
                                AT.minusSeconds(1),
                                "orders",
                                "GET",
                                "/v1/orders/{id}",
                                200,
                                "203.0.113.7",
                                "curl/8.5.0",
                                UsageOutcome.ACCEPTED,
                                null)),
                        ResponseAction.SUSPEND);
            case RESPONSE_DECIDED ->
                new ResponseDecided(
                        id, AT, TENANT, KEY_ID, alert, ResponseAction.SUSPEND, false, "high-severity-suspends", "HIGH");
            case AUDIT_RECORDED ->
                new AuditRecorded(
                        id,
                        AT,
                        TENANT,
                        "issuer-service",
                        "adm_Q2wE4rT6yU8iO0pA1sD3fG",
                        "credential.create",
                        "credential",
                        KEY_ID,
                        AuditOutcome.SUCCESS,
                        "198.51.100.23",
                        "curl/8.11.1",
                        Map.of("scopes", "orders:read invoices:write"));
            case RATE_USAGE_REPORTED ->
                new RateUsageReported(
                        id, AT, TENANT, KEY_ID, "orders-api-7f9c4", "2026-11-25", 41_230, "2026-11", 903_114, 87.5);
            case VERIFIER_STATUS_REPORTED ->
                new VerifierStatusReported(
                        id,
                        AT,
                        VerifierStatusReported.PLATFORM_TENANT,
                        "orders-7f9c4d-x2k8p-3b1e",
                        "orders",
                        "orders-7f9c4d-x2k8p",
                        AT.minusSeconds(3_600),
                        List.of(new PartitionOffset(0, 1_204), new PartitionOffset(1, 998)),
                        List.of(new PartitionOffset(0, 42), new PartitionOffset(5, 47)),
                        true,
                        AT.minusSeconds(45),
                        30_000L,
                        false);
            case DETECTOR_CONTROL_CHANGED ->
                new DetectorControlChanged(
                        id,
                        AT,
                        TENANT,
                        "chg-2026-118",
                        KEY_ID,
                        AT,
                        AT.plusSeconds(3600),
                        Map.of("alert.threshold", "1.5"),
                        "billing client moves to eu-west");
            case CREDENTIAL_HYGIENE_NOTICE ->
                new CredentialHygieneNotice(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        HygieneNoticeKind.STALE_WARNING,
                        "nightly export",
                        "ww_live_AbCd1234",
                        AT.minusSeconds(40L * 86_400),
                        AT.plusSeconds(90L * 86_400),
                        AT.plusSeconds(7L * 86_400),
                        "P7D",
                        false,
                        "rev_8Hk2LmQ4");
        };
    }

    public static WatchwordEvent minimal(EventType type) {
        UUID id = UUID.fromString("1d2c3b4a-5e6f-4a1b-8c9d-0e1f2a3b4c5d");
        return switch (type) {
            case CREDENTIAL_ISSUED ->
                new CredentialIssued(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        CredentialType.ADMIN_KEY,
                        null,
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null);
            case CREDENTIAL_UPDATED -> new CredentialUpdated(id, AT, TENANT, KEY_ID, null, null, null);
            case CREDENTIAL_ROTATED -> new CredentialRotated(id, AT, TENANT, KEY_ID, "key_new", AT, null);
            case CREDENTIAL_EXPIRED -> new CredentialExpired(id, AT, TENANT, KEY_ID, AT);
            case CREDENTIAL_REVOCATION_CHANGED ->
                new CredentialRevocationChanged(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        CredentialType.API_KEY,
                        null,
                        RevocationStatus.REVOKED,
                        null,
                        null,
                        null,
                        null);
            case CREDENTIAL_STATE_CHANGED ->
                new CredentialStateChanged(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        CredentialType.ADMIN_KEY,
                        null,
                        null,
                        null,
                        List.of(),
                        List.of(),
                        AT,
                        CredentialState.EXPIRED,
                        null,
                        null,
                        null);
            case API_USAGE_RECORDED ->
                // an unknown credential: no tenant, no id, no prefix
                new ApiUsageRecorded(
                        id,
                        AT,
                        null,
                        null,
                        "orders-api",
                        "POST",
                        "/orders",
                        401,
                        0,
                        null,
                        null,
                        0,
                        0,
                        null,
                        null,
                        null,
                        null);
            case ANOMALY_DETECTED ->
                new AnomalyDetected(id, AT, TENANT, KEY_ID, "geo", Severity.LOW, 0.0, null, AT, AT, null);
            case RESPONSE_DECIDED ->
                new ResponseDecided(id, AT, TENANT, KEY_ID, UUID.randomUUID(), ResponseAction.NONE, true, null, null);
            case AUDIT_RECORDED ->
                new AuditRecorded(
                        id,
                        AT,
                        null, // a caller that could not be authenticated has no tenant
                        "revocation-service",
                        null,
                        "token.exchange",
                        null,
                        null,
                        AuditOutcome.DENIED,
                        null,
                        null,
                        null);
            case RATE_USAGE_REPORTED ->
                new RateUsageReported(id, AT, TENANT, KEY_ID, "i", "2026-11-25", 0, "2026-11", 0, 0.0);
            case VERIFIER_STATUS_REPORTED ->
                new VerifierStatusReported(
                        id, AT, "system", "orders-1", null, null, null, null, null, false, null, 30_000, false);
            case DETECTOR_CONTROL_CHANGED ->
                new DetectorControlChanged(id, AT, TENANT, "chg-1", null, null, null, null, null);
            case CREDENTIAL_HYGIENE_NOTICE ->
                new CredentialHygieneNotice(
                        id,
                        AT,
                        TENANT,
                        KEY_ID,
                        HygieneNoticeKind.EXPIRY_APPROACHING,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false,
                        null);
        };
    }
}
