package io.watchword.issuer.token.service;

/**
 * A refused token or introspection request, rendered as RFC 9457 problem+json. The {@code detail}
 * tells the caller what to do; it never says which of several secret-dependent checks failed when
 * that would help an attacker enumerate keys (unknown, bad checksum and revoked all read alike).
 */
public class TokenProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;

    public TokenProblem(int status, String type, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static TokenProblem unauthorized(String detail) {
        return new TokenProblem(401, "urn:watchword:problem:invalid-credential", "Invalid credential", detail);
    }

    public static TokenProblem forbidden(String type, String title, String detail) {
        return new TokenProblem(403, "urn:watchword:problem:" + type, title, detail);
    }

    public static TokenProblem badRequest(String detail) {
        return new TokenProblem(400, "urn:watchword:problem:invalid-request", "Invalid request", detail);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
