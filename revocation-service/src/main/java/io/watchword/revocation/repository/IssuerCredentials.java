package io.watchword.revocation.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.v1.CredentialType;
import io.watchword.kit.auth.IssuerUnavailableException;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.credential.KnownCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;

/**
 * Asks the issuer, the authority on what exists, about an API key or admin key this service has
 * not seen on the credentials topic yet ({@code GET {issuer}/v1/keys/{id}}, or
 * {@code /v1/admin-keys/{id}} for an {@code adm_} id, with this service's own platform credential,
 * which needs {@code keys:read} for both). A key created a moment ago can so be revoked, suspended
 * or acted on at once instead of answering 404 until its event arrives (decisions 0082, 0109).
 * The answer is the key's tenant, type and expiry; the caller checks the tenant.
 */
@ApplicationScoped
public class IssuerCredentials {

    private final RevocationConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry metrics;
    private final HttpClient http;

    @Inject
    public IssuerCredentials(RevocationConfig config, ObjectMapper mapper, MeterRegistry metrics) {
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.issuer().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The issuer's answer about {@code credentialId}: empty when it has no such API key or admin
     * key (or the id is neither a {@code key_} nor an {@code adm_} id).
     *
     * @throws IssuerUnavailableException when the issuer cannot answer
     */
    public Optional<KnownCredential> find(String credentialId) {
        // Only a well-formed key id reaches the URL: nothing a caller typed is sent unchecked.
        CredentialType type;
        String path;
        if (CredentialIds.isApiKeyId(credentialId)) {
            type = CredentialType.API_KEY;
            path = "/v1/keys/";
        } else if (CredentialIds.isAdminKeyId(credentialId)) {
            type = CredentialType.ADMIN_KEY;
            path = "/v1/admin-keys/";
        } else {
            return Optional.empty();
        }
        URI base = config.issuer()
                .url()
                .orElseThrow(() -> new IssuerUnavailableException(
                        "watchword.revocation.issuer.url is not set: new credentials cannot be confirmed"));
        String credential = config.issuer()
                .credential()
                .orElseThrow(() -> new IssuerUnavailableException(
                        "watchword.revocation.issuer.credential is not set: new credentials cannot be confirmed"));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path + credentialId))
                .timeout(config.issuer().requestTimeout())
                .header("Authorization", "Bearer " + credential)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IssuerUnavailableException("issuer key lookup unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuerUnavailableException("interrupted while asking the issuer", e);
        }
        metrics.counter("watchword.issuer.lookups", "status", Integer.toString(response.statusCode()))
                .increment();
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            // 401/403 means our own platform credential is wrong or lacks keys:read: an operator problem.
            throw new IssuerUnavailableException("issuer key lookup answered HTTP " + response.statusCode());
        }
        try {
            JsonNode key = mapper.readTree(response.body());
            String tenant = key.path("tenantId").asText(null);
            String expires = key.path("expiresAt").asText(null);
            if (!credentialId.equals(key.path("id").asText(null)) || tenant == null || expires == null) {
                throw new IssuerUnavailableException("issuer key lookup answer lacks id, tenantId or expiresAt");
            }
            Instant expiresAt = Instant.parse(expires);
            String grace = key.path("graceEndsAt").asText(null);
            if (grace != null && "ROTATED".equals(key.path("status").asText())) {
                Instant graceEnds = Instant.parse(grace);
                expiresAt = graceEnds.isBefore(expiresAt) ? graceEnds : expiresAt;
            }
            boolean expired = "EXPIRED".equals(key.path("status").asText());
            return Optional.of(new KnownCredential(credentialId, tenant, type, expiresAt, expired));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IssuerUnavailableException unavailable) {
                throw unavailable;
            }
            throw new IssuerUnavailableException("issuer key lookup answer is unreadable", e);
        }
    }
}
