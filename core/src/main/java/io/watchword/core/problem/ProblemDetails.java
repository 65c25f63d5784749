package io.watchword.core.problem;

/** Fixed details where a varying detail would leak something (authentication) or nothing is known. */
public final class ProblemDetails {

    /**
     * The one detail of every 401: it must read the same for a missing, malformed, unknown,
     * expired, revoked or suspended credential.
     */
    public static final String INVALID_CREDENTIAL =
            "Send a valid, active credential as 'Authorization: Bearer <credential>'.";

    public static final String INTERNAL_ERROR =
            "An unexpected error occurred; it was logged. Retry, and report it if it persists.";

    private ProblemDetails() {}
}
