package io.watchword.issuer.token.oauth;

import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemType;
import jakarta.ws.rs.core.Response;

/**
 * A refusal of the OAuth token endpoint: an RFC 6749 §5.2 error ({@code error}, {@code
 * error_description}) that is also an RFC 9457 problem (decision 0111, as 0110 did for RFC 7009).
 * The description is always a fixed text chosen here: never anything the caller sent, and only
 * characters RFC 6749 allows in it (printable ASCII without {@code "} and {@code \}).
 */
public final class OAuthError extends RuntimeException {

    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_CLIENT = "invalid_client";
    static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    static final String INVALID_SCOPE = "invalid_scope";
    static final String INVALID_TARGET = "invalid_target";

    /** RFC 7235: a 401 names the scheme the client can retry with. */
    static final String WWW_AUTHENTICATE = "Basic realm=\"watchword\", charset=\"UTF-8\"";

    private final String code;

    public OAuthError(String code, String description) {
        super(description, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String description() {
        return getMessage();
    }

    /** RFC 6749 §5.2: 401 for a client that did not authenticate, 400 for everything else. */
    public int status() {
        return INVALID_CLIENT.equals(code) ? 401 : 400;
    }

    public Response toResponse() {
        int status = status();
        String problem = Problem.of(ProblemType.forStatus(status), description(), Problem.occurrence())
                .toJson();
        String body = problem.substring(0, problem.length() - 1) + ",\"error\":\"" + code
                + "\",\"error_description\":\"" + description() + "\"}";
        Response.ResponseBuilder answer = Response.status(status)
                .type(ProblemType.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(body);
        if (status == 401) {
            answer.header("WWW-Authenticate", WWW_AUTHENTICATE);
        }
        return answer.build();
    }
}
