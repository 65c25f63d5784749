package io.watchword.issuer.token.oauth;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import io.watchword.issuer.token.port.ClientAddressGateway;
import io.watchword.issuer.token.port.CredentialSnapshot;
import io.watchword.issuer.token.rest.InMemoryFirst;
import io.watchword.issuer.token.service.InMemoryAttempt;
import io.watchword.issuer.token.service.TokenExchangeService;
import io.watchword.issuer.token.service.TokenExchangeService.Caller;
import io.watchword.issuer.token.service.TokenProblem;
import io.watchword.issuer.token.service.TokenRequest;
import io.watchword.issuer.token.service.TokenResponse;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The OAuth 2.0 token endpoint, {@code POST /v1/oauth/token} (form-encoded), so standard OAuth
 * clients get Watchword tokens (decision 0111):
 *
 * <ul>
 *   <li>{@code client_credentials} (RFC 6749 §4.4): client id = the key id, client secret = the
 *       API key, by {@code client_secret_basic} or {@code client_secret_post};
 *   <li>token exchange (RFC 8693): {@code subject_token} = the API key, {@code subject_token_type}
 *       = {@value #API_KEY_TOKEN_TYPE}.
 * </ul>
 *
 * Both go through the one {@link TokenExchangeService} behind {@code POST /v1/tokens}: same key
 * checks, same audit, same narrowing ({@code scope}, {@code audience}, {@code resource} only
 * narrow). The client is authenticated before the rest of the request is looked at; errors are
 * RFC 6749 §5.2 objects that are also RFC 9457 problems ({@link OAuthError}).
 */
@Path(OAuthTokenResource.PATH)
public class OAuthTokenResource {

    public static final String PATH = "/v1/oauth/token";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    /** Our token type identifier for an API key as the RFC 8693 subject token (decision 0111). */
    public static final String API_KEY_TOKEN_TYPE = "urn:watchword:params:oauth:token-type:api-key";

    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    private static final Set<String> ISSUABLE = Set.of(ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE);

    private final TokenExchangeService exchange;
    private final ClientAddressGateway clientAddress;
    private final InMemoryFirst inMemoryFirst;

    public OAuthTokenResource(
            TokenExchangeService exchange, ClientAddressGateway clientAddress, InMemoryFirst inMemoryFirst) {
        this.exchange = exchange;
        this.clientAddress = clientAddress;
        this.inMemoryFirst = inMemoryFirst;
    }

    /**
     * Takes the raw body whatever its content type: a wrong content type is an RFC 6749 {@code
     * invalid_request}, not the framework's 415, and the body is only decoded after a Basic client
     * has been authenticated.
     */
    @POST
    @NonBlocking
    public CompletionStage<Response> token(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return inMemoryFirst.answer(attempt -> respond(body, headers, http, attempt));
    }

    private Response respond(byte[] body, HttpHeaders headers, HttpServerRequest http, InMemoryAttempt attempt) {
        try {
            Map<String, Object> token = handle(body, headers, http, attempt);
            // RFC 6749 §5.1: token responses must not be cached.
            return Response.ok(token, MediaType.APPLICATION_JSON_TYPE)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .build();
        } catch (OAuthError error) {
            return error.toResponse();
        }
    }

    private Map<String, Object> handle(
            byte[] body, HttpHeaders headers, HttpServerRequest http, InMemoryAttempt attempt) {
        String ip = clientAddress.clientIp(http);
        String userAgent = headers.getHeaderString(HttpHeaders.USER_AGENT);

        // 1. A client authenticating with Basic is checked before the body is even decoded.
        List<String> authorizations = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorizations != null && authorizations.size() > 1) {
            throw invalidRequest("The request has more than one Authorization header.");
        }
        String authorization = authorizations == null || authorizations.isEmpty() ? null : authorizations.get(0);
        CredentialSnapshot client = null;
        String basicClientId = null;
        if (authorization != null) {
            if (!ClientSecretBasic.isBasic(authorization)) {
                // Bearer and other schemes authenticate nothing here: refused like a wrong secret.
                throw clientFailure(new Caller(null, ip, userAgent, attempt), null);
            }
            ClientSecretBasic basic = ClientSecretBasic.parse(authorization);
            Caller caller = new Caller(basic == null ? null : basic.secret(), ip, userAgent, attempt);
            client = authenticateClient(caller, basic == null ? null : basic.clientId());
            basicClientId = basic.clientId();
        }

        // 2. The form itself.
        requireForm(headers);
        FormParameters form = FormParameters.parse(body);
        String postedId = form.get("client_id");
        String postedSecret = form.get("client_secret");
        if (client != null) {
            if (postedSecret != null) {
                throw invalidRequest("The client used more than one authentication method.");
            }
            if (postedId != null && !postedId.equals(basicClientId)) {
                throw invalidRequest("The client_id parameter differs from the authenticated client.");
            }
        } else if (postedSecret != null) {
            // 3. client_secret_post: authenticated before any other parameter is looked at.
            if (postedId == null) {
                throw invalidRequest("The client_secret parameter was sent without client_id.");
            }
            client = authenticateClient(new Caller(postedSecret, ip, userAgent, attempt), postedId);
        }

        String grant = form.get("grant_type");
        if (grant == null) {
            throw invalidRequest("The grant_type parameter is required.");
        }
        return switch (grant) {
            case CLIENT_CREDENTIALS -> clientCredentials(client, form, new Caller(null, ip, userAgent, attempt));
            case TOKEN_EXCHANGE -> tokenExchange(client, postedId, form, ip, userAgent, attempt);
            default ->
                throw new OAuthError(
                        OAuthError.UNSUPPORTED_GRANT_TYPE,
                        "Supported grant types: client_credentials and urn:ietf:params:oauth:grant-type:token-exchange.");
        };
    }

    private Map<String, Object> clientCredentials(CredentialSnapshot client, FormParameters form, Caller anonymous) {
        if (client == null) {
            // No client authentication at all: audited as a missing credential by the service.
            throw clientFailure(anonymous, null);
        }
        TokenResponse token = issue(anonymous, client, form, false);
        return answer(token, null);
    }

    private Map<String, Object> tokenExchange(
            CredentialSnapshot client,
            String postedId,
            FormParameters form,
            String ip,
            String userAgent,
            InMemoryAttempt attempt) {
        String subjectToken = form.get("subject_token");
        if (subjectToken == null) {
            throw invalidRequest("The subject_token parameter is required.");
        }
        // The subject token is the credential: it is authenticated before the other parameters.
        // A client that authenticated (or named itself) must be the subject key itself.
        Caller caller = new Caller(subjectToken, ip, userAgent, attempt);
        String expectedId = client != null ? client.id() : postedId;
        CredentialSnapshot subject;
        try {
            subject = exchange.authenticate(caller, expectedId);
        } catch (TokenProblem problem) {
            throw subjectFailure(problem);
        }
        String subjectType = form.get("subject_token_type");
        if (subjectType == null) {
            throw invalidRequest("The subject_token_type parameter is required.");
        }
        if (!API_KEY_TOKEN_TYPE.equals(subjectType)) {
            throw invalidRequest("The subject_token_type must be " + API_KEY_TOKEN_TYPE + ".");
        }
        if (form.has("actor_token") || form.has("actor_token_type")) {
            throw invalidRequest("Delegation with actor_token is not supported.");
        }
        String requested = form.get("requested_token_type");
        if (requested != null && !ISSUABLE.contains(requested)) {
            throw invalidRequest(
                    "The requested_token_type must be " + ACCESS_TOKEN_TYPE + " or " + JWT_TOKEN_TYPE + ".");
        }
        TokenResponse token = issue(caller, subject, form, true);
        return answer(token, requested == null ? ACCESS_TOKEN_TYPE : requested);
    }

    private TokenResponse issue(Caller caller, CredentialSnapshot key, FormParameters form, boolean subject) {
        TokenRequest request = new TokenRequest(scopes(form.get("scope")), audience(form), null);
        try {
            return exchange.issue(caller, key, request);
        } catch (TokenProblem problem) {
            throw subject ? subjectFailure(problem) : clientFailure(problem);
        }
    }

    private CredentialSnapshot authenticateClient(Caller caller, String clientId) {
        try {
            return exchange.authenticate(caller, clientId);
        } catch (TokenProblem problem) {
            throw clientFailure(problem);
        }
    }

    /** Lets the service refuse (and audit) an unauthenticated client, then answers invalid_client. */
    private OAuthError clientFailure(Caller caller, String clientId) {
        try {
            exchange.authenticate(caller, clientId);
        } catch (TokenProblem problem) {
            return clientFailure(problem);
        }
        // Unreachable: a caller without a secret never authenticates.
        return new OAuthError(OAuthError.INVALID_CLIENT, CLIENT_AUTHENTICATION_FAILED);
    }

    private static final String CLIENT_AUTHENTICATION_FAILED = "Client authentication failed. The client id is the"
            + " key id and the client secret the API key, by client_secret_basic or client_secret_post.";

    private static OAuthError clientFailure(TokenProblem problem) {
        return switch (problem.oauthError()) {
            case OAuthError.INVALID_CLIENT -> new OAuthError(OAuthError.INVALID_CLIENT, CLIENT_AUTHENTICATION_FAILED);
            case OAuthError.UNAUTHORIZED_CLIENT ->
                new OAuthError(
                        OAuthError.UNAUTHORIZED_CLIENT, "This client may only be used from its allowed networks.");
            default -> requestFailure(problem);
        };
    }

    /**
     * RFC 8693 §2.2.2: a subject token that is invalid for any reason, or unacceptable by policy,
     * is {@code invalid_request} (not {@code invalid_grant}: decision 0111).
     */
    private static OAuthError subjectFailure(TokenProblem problem) {
        return switch (problem.oauthError()) {
            case OAuthError.INVALID_CLIENT, OAuthError.UNAUTHORIZED_CLIENT ->
                invalidRequest(
                        "The subject_token is not a valid API key of this client, or may not be used from here.");
            default -> requestFailure(problem);
        };
    }

    private static OAuthError requestFailure(TokenProblem problem) {
        return switch (problem.oauthError()) {
            case OAuthError.INVALID_SCOPE ->
                new OAuthError(
                        OAuthError.INVALID_SCOPE,
                        "The scope is invalid or not held by the key; a token request may only narrow the key's scopes.");
            case OAuthError.INVALID_TARGET -> invalidTarget();
            default -> invalidRequest("The token request is invalid.");
        };
    }

    /** RFC 6749 §3.3: scope tokens separated by single spaces. */
    private static List<String> scopes(String scope) {
        if (scope == null) {
            return null;
        }
        List<String> scopes = Arrays.asList(scope.split(" ", -1));
        if (scopes.stream().anyMatch(String::isEmpty)) {
            throw new OAuthError(OAuthError.INVALID_SCOPE, "Scope values are separated by single spaces.");
        }
        return scopes;
    }

    /**
     * The one {@code aud} of the token: the {@code audience} (RFC 8693) or {@code resource} (RFC
     * 8707) asked for, or the default. A token names exactly one audience, so asking for several
     * distinct ones is refused rather than widened to all of them.
     */
    private static String audience(FormParameters form) {
        Set<String> targets = new LinkedHashSet<>(form.all("audience"));
        for (String resource : form.all("resource")) {
            if (!absoluteWithoutFragment(resource)) {
                throw invalidTarget();
            }
            targets.add(resource);
        }
        if (targets.size() > 1) {
            throw invalidTarget();
        }
        return targets.isEmpty() ? null : targets.iterator().next();
    }

    private static boolean absoluteWithoutFragment(String resource) {
        try {
            URI uri = new URI(resource);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void requireForm(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getMediaType();
        } catch (RuntimeException e) {
            type = null;
        }
        if (type == null
                || !type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isWildcardType()
                || type.isWildcardSubtype()) {
            throw invalidRequest("The request body must be application/x-www-form-urlencoded.");
        }
        String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !"utf-8".equals(charset.toLowerCase(Locale.ROOT))) {
            throw invalidRequest("The request body must be encoded in UTF-8.");
        }
    }

    private static Map<String, Object> answer(TokenResponse token, String issuedTokenType) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token.accessToken());
        if (issuedTokenType != null) {
            answer.put("issued_token_type", issuedTokenType);
        }
        answer.put("token_type", token.tokenType());
        answer.put("expires_in", token.expiresIn());
        answer.put("scope", token.scope());
        return answer;
    }

    private static OAuthError invalidRequest(String description) {
        return new OAuthError(OAuthError.INVALID_REQUEST, description);
    }

    private static OAuthError invalidTarget() {
        return new OAuthError(
                OAuthError.INVALID_TARGET,
                "The audience or resource is not accepted: a token names exactly one audience, and a resource is an"
                        + " absolute URI without a fragment.");
    }
}
