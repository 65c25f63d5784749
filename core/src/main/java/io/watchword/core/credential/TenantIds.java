package io.watchword.core.credential;

import java.util.regex.Pattern;

/**
 * The tenant id grammar: a lower-case letter, then 1–62 lower-case letters, digits or hyphens.
 * The issuer enforces it at creation; consumers use it to refuse a record that names no possible
 * tenant (e.g. a 300 KB {@code tenantId}) before it reaches a database.
 */
public final class TenantIds {

    private static final Pattern TENANT_ID = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    private TenantIds() {}

    /** True for a well-formed tenant id; false for anything else, null included. */
    public static boolean isTenantId(String id) {
        return id != null && id.length() <= 63 && TENANT_ID.matcher(id).matches();
    }
}
