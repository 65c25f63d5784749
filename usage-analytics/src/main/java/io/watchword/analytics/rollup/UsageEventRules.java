package io.watchword.analytics.rollup;

import io.watchword.core.credential.CredentialIds;
import io.watchword.core.credential.TenantIds;
import io.watchword.core.net.IpAddress;
import io.watchword.core.problem.FieldError;
import io.watchword.core.scope.Scope;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.UsageOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a usage event must be, beyond its schema's required fields, before it is counted or
 * published: the same rules for a record on the topic (broken → dead letter with these reasons) and
 * for an item of {@code POST /v1/usage-events} (broken → refused with them). Reasons never repeat
 * the value sent (decision 0110).
 */
public final class UsageEventRules {

    static final int MAX_TEXT = 256;
    static final int MAX_REQUIRED_SCOPES = 16;
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private UsageEventRules() {}

    /** The problems of {@code event}, each under its field name (prefixed by {@code prefix}). */
    public static List<FieldError> problems(ApiUsageRecorded event, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (event.tenantId() != null && !TenantIds.isTenantId(event.tenantId())) {
            errors.add(new FieldError(prefix + "tenantId", "is not a tenant id"));
        }
        if (event.credentialId() != null && !CredentialIds.isCredentialId(event.credentialId())) {
            errors.add(new FieldError(prefix + "credentialId", "is not a credential id"));
        }
        if (event.credentialId() != null && event.tenantId() == null) {
            errors.add(new FieldError(prefix + "tenantId", "is required when credentialId is given"));
        }
        if (event.status() < 100 || event.status() > 599) {
            errors.add(new FieldError(prefix + "status", "must be an HTTP status, 100 to 599"));
        }
        if (event.latencyMicros() < 0) {
            errors.add(new FieldError(prefix + "latencyMicros", "must not be negative"));
        }
        if (event.requestBytes() < 0) {
            errors.add(new FieldError(prefix + "requestBytes", "must not be negative"));
        }
        if (event.responseBytes() < 0) {
            errors.add(new FieldError(prefix + "responseBytes", "must not be negative"));
        }
        if (event.method() != null && !METHOD.matcher(event.method()).matches()) {
            errors.add(new FieldError(prefix + "method", "must be an HTTP method in upper case"));
        }
        if (event.route() != null
                && (!event.route().startsWith("/") || event.route().length() > MAX_TEXT)) {
            errors.add(new FieldError(
                    prefix + "route",
                    "must be a route template starting with / of at most " + MAX_TEXT + " characters"));
        }
        text(errors, prefix + "service", event.service());
        text(errors, prefix + "userAgent", event.userAgent());
        text(errors, prefix + "displayPrefix", event.displayPrefix());
        if (event.clientIp() != null && IpAddress.parse(event.clientIp()).isEmpty()) {
            errors.add(new FieldError(prefix + "clientIp", "is not an IP address"));
        }
        if (event.requiredScopes() != null
                && (event.requiredScopes().size() > MAX_REQUIRED_SCOPES
                        || event.requiredScopes().stream().anyMatch(s -> s == null || Scope.tryParse(s) == null))) {
            errors.add(new FieldError(
                    prefix + "requiredScopes",
                    "must be at most " + MAX_REQUIRED_SCOPES + " scopes of the form resource:action"));
        }
        if (event.effectiveOutcome() == UsageOutcome.ACCEPTED && event.refusalReason() != null) {
            errors.add(new FieldError(prefix + "refusalReason", "is only for a REFUSED outcome"));
        }
        return errors;
    }

    private static void text(List<FieldError> errors, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "is longer than " + MAX_TEXT + " characters"));
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                errors.add(new FieldError(field, "must not contain control characters"));
                return;
            }
        }
    }

    /** One line for a dead letter's reason. */
    public static String reason(List<FieldError> errors) {
        StringBuilder out = new StringBuilder("invalid ApiUsageRecorded:");
        for (FieldError e : errors) {
            out.append(' ').append(e.field()).append(' ').append(e.reason()).append(';');
        }
        return out.toString();
    }
}
