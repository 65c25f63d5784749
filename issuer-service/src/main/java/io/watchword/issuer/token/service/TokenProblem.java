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
 */
public class TokenProblem extends ProblemException {

    public TokenProblem(int status, String slug, String title, String detail) {
        super(ProblemType.forStatus(status), slug, title, detail, List.of(), Map.of());
    }

    public static TokenProblem unauthorized(String detail) {
        ProblemType t = ProblemType.INVALID_CREDENTIAL;
        return new TokenProblem(t.status(), t.slug(), t.title(), detail);
    }

    public static TokenProblem forbidden(String slug, String title, String detail) {
        return new TokenProblem(403, slug, title, detail);
    }

    public static TokenProblem badRequest(String detail) {
        ProblemType t = ProblemType.INVALID_REQUEST;
        return new TokenProblem(t.status(), t.slug(), t.title(), detail);
    }
}
