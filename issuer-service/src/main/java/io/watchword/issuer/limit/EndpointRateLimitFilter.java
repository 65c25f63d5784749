package io.watchword.issuer.limit;

import io.vertx.core.http.HttpServerRequest;
import io.watchword.core.limit.KeyedRateLimiter;
import io.watchword.core.problem.ProblemException;
import io.watchword.core.problem.ProblemType;
import io.watchword.issuer.token.port.ClientAddressGateway;
import io.watchword.kit.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rate-limits the issuer's token and introspection endpoints per client address and per presented
 * credential before anything is parsed or looked up (decision 0177): a guesser is slowed to the
 * per-address rate whatever keys it tries, and one key hammered from many addresses to the
 * per-credential rate. Refusals are 429 {@code rate-limited} problems with {@code Retry-After}.
 * The credential is kept only as a truncated SHA-256, never as the secret.
 */
public class EndpointRateLimitFilter {

    private final EndpointLimitsConfig config;
    private final ClientAddressGateway clientAddress;
    private final KeyedRateLimiter perAddress;
    private final KeyedRateLimiter perCredential;

    public EndpointRateLimitFilter(EndpointLimitsConfig config, ClientAddressGateway clientAddress) {
        this.config = config;
        this.clientAddress = clientAddress;
        this.perAddress =
                new KeyedRateLimiter(config.perAddressPerSecond(), config.perAddressBurst(), config.maxTracked());
        this.perCredential =
                new KeyedRateLimiter(config.perCredentialPerSecond(), config.perCredentialBurst(), config.maxTracked());
    }

    @ServerRequestFilter(preMatching = true, priority = 150)
    public Response limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!config.enabled() || !limited(request.getUriInfo().getPath())) {
            return null;
        }
        long now = System.nanoTime();
        String address = clientAddress.clientIp(http);
        if (address != null
                && config.exemptAddresses().map(a -> a.contains(address)).orElse(false)) {
            return null;
        }
        long verdict = perAddress.tryAcquire(address == null ? "unknown" : address, now);
        if (verdict >= 0) {
            String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
            if (authorization != null && !authorization.isEmpty()) {
                verdict = perCredential.tryAcquire(fingerprint(authorization), now);
            }
        }
        if (verdict >= 0) {
            return null;
        }
        String retry = Long.toString(KeyedRateLimiter.retryAfterSeconds(verdict));
        return ProblemResponses.of(
                new ProblemException(
                        ProblemType.RATE_LIMITED,
                        "Too many requests to this endpoint; retry after " + retry + " s.",
                        List.of(),
                        Map.of(HttpHeaders.RETRY_AFTER, retry)),
                null);
    }

    private boolean limited(String path) {
        for (String prefix : config.paths()) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String fingerprint(String authorization) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(authorization.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
