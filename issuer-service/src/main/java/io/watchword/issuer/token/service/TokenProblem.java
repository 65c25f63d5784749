package io.watchword.issuer.token.service;

import io.watchword.issuer.rest.problem.ProblemException;

/**
 * A refused token or introspection request, rendered as RFC 9457 problem+json by the issuer's
 * problem mappers. The detail tells the caller what to do; it never says which of several
 * secret-dependent checks failed when that would help an attacker enumerate keys (unknown and
 * mistyped keys read alike).
 */
public class TokenProblem extends ProblemException {

    public TokenProblem(int status, String slug, String title, String detail) {
        super(status, slug, title, detail);
    }

    public static TokenProblem unauthorized(String detail) {
        return new TokenProblem(401, "invalid-credential", "Invalid credential", detail);
    }

    public static TokenProblem forbidden(String slug, String title, String detail) {
        return new TokenProblem(403, slug, title, detail);
    }

    public static TokenProblem badRequest(String detail) {
        return new TokenProblem(400, "invalid-request", "Invalid request", detail);
    }
}
