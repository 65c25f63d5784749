package io.watchword.deploy.hostile;

import java.util.List;

/**
 * One HTTP endpoint of the stack, as its resource class declares it: who legitimately calls it (so
 * the generator can authenticate and reach validation) and what body it takes.
 */
public record Endpoint(Service service, String method, String template, Body body, Caller caller) {

    public enum Service {
        ISSUER,
        REVOCATION,
        EXAMPLE
    }

    public enum Body {
        NONE,
        JSON,
        /** JSON when given; an empty body is valid (rotate, reinstate). */
        OPTIONAL_JSON,
        FORM
    }

    /** The credential a legitimate caller presents. */
    public enum Caller {
        PUBLIC,
        PLATFORM_ADMIN,
        TENANT_ADMIN,
        INTROSPECTOR,
        API_KEY
    }

    public boolean isProtected() {
        return caller != Caller.PUBLIC;
    }

    /**
     * Whether a success shows data callers stored (names, comments, order items): such an answer
     * may legitimately contain a secret someone once typed into a field.
     */
    public boolean returnsStoredData() {
        return List.of(
                        "/v1/tenants",
                        "/v1/admin-keys",
                        "/v1/keys",
                        "/v1/revocations",
                        "/v1/suspensions",
                        "/v1/policy",
                        "/orders")
                .stream()
                .anyMatch(template::startsWith);
    }

    public boolean hasId() {
        return template.contains("{id}");
    }

    public String label() {
        return method + " " + template + (template.startsWith("/q/") || template.equals(UNKNOWN) ? " @" + service : "");
    }

    /** A path no resource serves: the 404 and 405 answers of the HTTP layer itself. */
    public static final String UNKNOWN = "/v1/no-such-thing";

    /**
     * Every endpoint of the issuer, the revocation service and the example service (from their
     * JAX-RS resources), plus the operational routes each exposes and an unknown path each.
     */
    public static List<Endpoint> all() {
        Service i = Service.ISSUER;
        Service r = Service.REVOCATION;
        Service e = Service.EXAMPLE;
        return List.of(
                new Endpoint(i, "POST", "/v1/tenants", Body.JSON, Caller.PLATFORM_ADMIN),
                new Endpoint(i, "GET", "/v1/tenants/{id}", Body.NONE, Caller.TENANT_ADMIN),
                new Endpoint(i, "POST", "/v1/admin-keys", Body.JSON, Caller.TENANT_ADMIN),
                new Endpoint(i, "GET", "/v1/admin-keys/{id}", Body.NONE, Caller.TENANT_ADMIN),
                new Endpoint(i, "POST", "/v1/keys", Body.JSON, Caller.TENANT_ADMIN),
                new Endpoint(i, "GET", "/v1/keys", Body.NONE, Caller.TENANT_ADMIN),
                new Endpoint(i, "GET", "/v1/keys/{id}", Body.NONE, Caller.TENANT_ADMIN),
                new Endpoint(i, "PATCH", "/v1/keys/{id}", Body.JSON, Caller.TENANT_ADMIN),
                new Endpoint(i, "POST", "/v1/keys/{id}/rotate", Body.OPTIONAL_JSON, Caller.TENANT_ADMIN),
                new Endpoint(i, "GET", "/.well-known/jwks.json", Body.NONE, Caller.PUBLIC),
                new Endpoint(i, "POST", "/v1/introspect", Body.FORM, Caller.INTROSPECTOR),
                new Endpoint(i, "POST", "/v1/tokens", Body.JSON, Caller.API_KEY),
                // OAuth 2.0: the client authenticates in the form (or by Basic), so no Bearer caller.
                new Endpoint(i, "POST", "/v1/oauth/token", Body.FORM, Caller.PUBLIC),
                new Endpoint(i, "GET", "/.well-known/oauth-authorization-server", Body.NONE, Caller.PUBLIC),
                new Endpoint(r, "POST", "/v1/revocations", Body.JSON, Caller.TENANT_ADMIN),
                new Endpoint(r, "GET", "/v1/revocations/{id}", Body.NONE, Caller.TENANT_ADMIN),
                new Endpoint(r, "GET", "/v1/revocations", Body.NONE, Caller.TENANT_ADMIN),
                new Endpoint(r, "GET", "/v1/verifiers", Body.NONE, Caller.TENANT_ADMIN),
                new Endpoint(r, "POST", "/v1/suspensions", Body.JSON, Caller.TENANT_ADMIN),
                new Endpoint(r, "POST", "/v1/suspensions/{id}/reinstate", Body.OPTIONAL_JSON, Caller.TENANT_ADMIN),
                new Endpoint(r, "POST", "/v1/throttles/{id}/lift", Body.OPTIONAL_JSON, Caller.TENANT_ADMIN),
                new Endpoint(r, "GET", "/v1/policy", Body.NONE, Caller.TENANT_ADMIN),
                new Endpoint(r, "PUT", "/v1/policy", Body.JSON, Caller.TENANT_ADMIN),
                new Endpoint(r, "POST", "/v1/revoke", Body.FORM, Caller.PUBLIC),
                new Endpoint(e, "GET", "/orders", Body.NONE, Caller.API_KEY),
                new Endpoint(e, "POST", "/orders", Body.JSON, Caller.API_KEY),
                new Endpoint(i, "GET", "/q/health", Body.NONE, Caller.PUBLIC),
                new Endpoint(i, "GET", "/q/openapi", Body.NONE, Caller.PUBLIC),
                new Endpoint(i, "GET", "/q/metrics", Body.NONE, Caller.PUBLIC),
                new Endpoint(i, "GET", UNKNOWN, Body.NONE, Caller.PUBLIC),
                new Endpoint(r, "GET", "/q/health", Body.NONE, Caller.PUBLIC),
                new Endpoint(r, "GET", "/q/openapi", Body.NONE, Caller.PUBLIC),
                new Endpoint(r, "GET", "/q/metrics", Body.NONE, Caller.PUBLIC),
                new Endpoint(r, "GET", UNKNOWN, Body.NONE, Caller.PUBLIC),
                new Endpoint(e, "GET", "/q/health", Body.NONE, Caller.PUBLIC),
                new Endpoint(e, "GET", UNKNOWN, Body.NONE, Caller.PUBLIC));
    }
}
