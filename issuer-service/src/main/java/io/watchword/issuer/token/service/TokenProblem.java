package io.watchword.issuer.token.service;

import io.watchword.core.problem.ProblemException;
import io.watchword.core.problem.ProblemType;
import java.util.List;
import java.util.Map;

/**
 * A refused token or introspection request, rendered as RFC 9457 problem+json by the kit's
 * problem mappers. The detail tells the caller what to do; it never says which of several
 * secret-dependent checks failed when that would help an attacker enumerate keys (unknown and
 * mistyped keys read alike).
 *
 * <p>It also names the RFC 6749 §5.2 error code the OAuth token endpoint answers with ({@link
 * #oauthError()}), so the JSON and the OAuth endpoints share one exchange and one set of rules.
 */
public class TokenProblem extends ProblemException {

    private final String oauthError;

    public TokenProblem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    private TokenProblem(int status, String slug, String title, String detail, String oauthError) {
        super(ProblemType.forStatus(status), slug, title, detail, List.of(), Map.of());
        this.oauthError = oauthError;
    }

    public static TokenProblem unauthorized(String detail) {
        ProblemType t = ProblemType.INVALID_CREDENTIAL;
        return new TokenProblem(t.status(), t.slug(), t.title(), detail, "invalid_client");
    }

    public static TokenProblem forbidden(String slug, String title, String detail) {
        return new TokenProblem(403, slug, title, detail);
    }

    public static TokenProblem badRequest(String detail) {
        ProblemType t = ProblemType.INVALID_REQUEST;
        return new TokenProblem(t.status(), t.slug(), t.title(), detail, "invalid_request");
    }

    /** A 400 for the JSON endpoint; {@code invalid_scope} for OAuth. */
    public static TokenProblem invalidScope(String detail) {
        ProblemType t = ProblemType.INVALID_REQUEST;
        return new TokenProblem(t.status(), t.slug(), t.title(), detail, "invalid_scope");
    }

    /** A 400 for the JSON endpoint; {@code invalid_target} (RFC 8707, RFC 8693) for OAuth. */
    public static TokenProblem invalidTarget(String detail) {
        ProblemType t = ProblemType.INVALID_REQUEST;
        return new TokenProblem(t.status(), t.slug(), t.title(), detail, "invalid_target");
    }

    /**
     * The RFC 6749 §5.2 error code for this refusal, as a client authenticating with the key would
     * be told: {@code invalid_client} for a key that does not authenticate (or is an admin
     * credential), {@code unauthorized_client} for a key used from outside its allowed networks,
     * {@code invalid_scope} for a scope the key does not hold, else {@code invalid_request}.
     */
    public String oauthError() {
        if (oauthError != null) {
            return oauthError;
        }
        String slug = type().substring(ProblemType.BASE.length());
        return switch (slug) {
            case "admin-credential" -> "invalid_client";
            case "address-not-allowed" -> "unauthorized_client";
            case "insufficient-scope" -> "invalid_scope";
            default -> status() == 401 ? "invalid_client" : "invalid_request";
        };
    }
}
