package io.watchword.revocation.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;
import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.credential.CredentialIds;
import io.watchword.core.credential.TokenFormat;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.problem.ProblemType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import io.watchword.kit.auth.IssuerIntrospectionClient;
import io.watchword.kit.auth.IssuerUnavailableException;
import io.watchword.revocation.service.RevocationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * RFC 7009 token revocation by presenting the credential itself: whoever finds a leaked key or
 * token can revoke it, with no admin credential (like GitHub's revocation API). The issuer's
 * introspection says what it is; the revocation is recorded with reason EXPOSED
 * (docs/decisions/0053).
 */
@Path("/v1/revoke")
public class PublicRevokeResource {

    private static final Logger LOG = Logger.getLogger(PublicRevokeResource.class);
    private static final Set<String> HINTS = Set.of("access_token", "refresh_token", "api_key", "admin_key");

    private final IssuerIntrospectionClient issuer;
    private final RevocationService revocations;
    private final PublicRevokeRateLimiter rateLimiter;
    private final ClientIp clientIp;

    @Inject
    public PublicRevokeResource(
            IssuerIntrospectionClient issuer,
            RevocationService revocations,
            PublicRevokeRateLimiter rateLimiter,
            ClientIp clientIp) {
        this.issuer = issuer;
        this.revocations = revocations;
        this.rateLimiter = rateLimiter;
        this.clientIp = clientIp;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(
            @FormParam("token") String token,
            @FormParam("token_type_hint") String hint,
            @Context HttpServerRequest http) {
        String ip = clientIp.of(http);
        long wait = rateLimiter.acquire(ip);
        if (wait > 0) {
            return error(429, "slow_down", "Too many revocation requests from this address; retry later.")
                    .header("Retry-After", Long.toString(wait))
                    .build();
        }
        if (token == null || token.isBlank()) {
            return error(400, "invalid_request", "The form parameter 'token' is required.")
                    .build();
        }
        // Unknown hints are ignored, as RFC 7009 §2.1 lets a server do: the token is still looked up.
        String usableHint = hint != null && HINTS.contains(hint) && !"refresh_token".equals(hint) ? hint : null;
        boolean key = ApiKeyFormat.hasValidChecksum(token);
        if (!key && !TokenFormat.looksLikeJws(token)) {
            // Not anything Watchword issued: an invalid token gets 200 (RFC 7009 §2.2).
            return Response.ok().build();
        }
        if (ApiKeyFormat.isAdminKey(token)) {
            return error(
                            400,
                            "unsupported_token_type",
                            "Admin credentials cannot be revoked here; an administrator of the tenant revokes them"
                                    + " with POST /v1/revocations.")
                    .build();
        }
        Optional<JsonNode> answer;
        try {
            answer = issuer.introspect(token, usableHint);
        } catch (IssuerUnavailableException e) {
            LOG.warnf("RFC 7009 revocation could not introspect: %s", e.getMessage());
            return error(503, "temporarily_unavailable", "The credential cannot be checked right now; retry shortly.")
                    .header("Retry-After", "5")
                    .build();
        }
        if (answer.isEmpty()) {
            return Response.ok().build();
        }
        JsonNode active = answer.get();
        String type = active.path("token_type").asText();
        String tenant = active.path("tenant").asText(null);
        String requestedBy = "rfc7009:" + ip;
        try {
            if ("api_key".equals(type)) {
                String id = active.path("client_id").asText(null);
                revocations.changeCredential(
                        tenant, id, RevocationStatus.REVOKED, RevocationReason.EXPOSED, null, requestedBy, ip);
            } else if ("access_token".equals(type)
                    && CredentialIds.isJti(active.path("jti").asText(null))) {
                Instant exp = active.has("exp")
                        ? Instant.ofEpochSecond(active.path("exp").asLong())
                        : null;
                revocations.revokeToken(
                        tenant,
                        active.path("jti").asText(),
                        active.path("sub").asText(null),
                        RevocationReason.EXPOSED,
                        null,
                        requestedBy,
                        ip,
                        exp,
                        false);
            } else {
                return error(400, "unsupported_token_type", "This kind of credential cannot be revoked here.")
                        .build();
            }
        } catch (ProblemException e) {
            if (e.status() == 404) {
                // The issuer knows the key but its state has not reached us yet: retryable.
                return error(503, "temporarily_unavailable", "The credential is not known here yet; retry shortly.")
                        .header("Retry-After", "2")
                        .build();
            }
            if (e.status() == 409) {
                // Already expired or otherwise invalid: nothing to do, and RFC 7009 says 200.
                return Response.ok().build();
            }
            throw e;
        }
        return Response.ok().build();
    }

    /**
     * An RFC 9457 problem that also carries RFC 6749 §5.2's {@code error} and {@code
     * error_description} members (RFC 7009 §2.2.1), so problem-aware clients and OAuth clients
     * both read it (decision 0110). Only fixed texts: nothing the caller sent.
     */
    private static Response.ResponseBuilder error(int status, String code, String description) {
        String problem = Problem.of(ProblemType.forStatus(status), description, Problem.occurrence())
                .toJson();
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("error", code);
        oauth.put("error_description", description);
        StringBuilder body = new StringBuilder(problem.substring(0, problem.length() - 1));
        oauth.forEach((name, value) -> body.append(",\"")
                .append(name)
                .append("\":\"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\""))
                .append('"'));
        body.append('}');
        return Response.status(status)
                .type(ProblemType.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .entity(body.toString());
    }
}
