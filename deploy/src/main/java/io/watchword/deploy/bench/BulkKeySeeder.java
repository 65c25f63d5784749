package io.watchword.deploy.bench;

import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.core.credential.CredentialIds;
import io.watchword.deploy.LocalStack;
import io.watchword.testsupport.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * BENCH ONLY: stores many API keys at once by inserting them straight into the issuer's PostgreSQL,
 * in batches of one multi-row statement each, instead of one {@code POST /v1/keys} per key (100,000
 * keys through the API took 37 s idle and ~100 min under load). The harness generates each key in
 * the issuer's format and stores what the issuer stores for it: its id, its keyed hash (HMAC-SHA-256
 * under the stack's pepper, exactly as {@code io.watchword.issuer.credential.KeyHasher} computes it;
 * a mismatch would make every key answer 401, which the load runs refuse loudly) and its display
 * prefix, ACTIVE, with the tenant's scopes. The issuer then sees them like any stored key: its
 * lookups go to the database on a cache miss.
 *
 * <p>What seeded keys do NOT have, because nothing but a benchmark may skip it: no {@code
 * CredentialIssued} event, no audit record, and no state on {@code watchword.credential-state.v1}
 * (they are marked published, so the issuer's backfill does not publish 100,000 states during the
 * measurement). Never point this at a real deployment.
 */
final class BulkKeySeeder {

    static final int BATCH = 5_000;

    private static final String INSERT = "INSERT INTO credentials (id, tenant_id, type, name, environment, key_hash,"
            + " display_prefix, scopes, allowed_cidrs, metadata, status, created_at, updated_at, expires_at,"
            + " created_by, state_published_at)"
            + " SELECT u.id, ?, 'API_KEY', 'bench-seeded', 'live', u.h, u.p, ?::text[], '{}', '{}'::jsonb, 'ACTIVE',"
            + " now(), now(), now() + interval '30 days', 'bench-seeder', now()"
            + " FROM unnest(?::text[], ?::bytea[], ?::text[]) AS u(id, h, p)";

    private BulkKeySeeder() {}

    /** Inserts {@code count} live keys of {@code tenantId} holding {@code scopes}; their ids and secrets. */
    static KeySeeder.Seeded seed(LocalStack stack, String tenantId, List<String> scopes, int count) throws Exception {
        Infrastructure infrastructure = stack.infrastructure();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(stack.issuerKeyPepper()), "HmacSHA256"));
        List<String> ids = new ArrayList<>(count);
        List<String> keys = new ArrayList<>(count);
        try (Connection db = DriverManager.getConnection(
                infrastructure.jdbcUrl("issuer"), infrastructure.jdbcUsername(), infrastructure.jdbcPassword())) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement(INSERT)) {
                for (int start = 0; start < count; start += BATCH) {
                    int n = Math.min(BATCH, count - start);
                    String[] batchIds = new String[n];
                    byte[][] hashes = new byte[n][];
                    String[] prefixes = new String[n];
                    for (int i = 0; i < n; i++) {
                        String key = ApiKeyFormat.generate("live");
                        batchIds[i] = CredentialIds.newApiKeyId();
                        hashes[i] = hash(mac, key);
                        prefixes[i] = ApiKeyFormat.displayPrefix(key);
                        ids.add(batchIds[i]);
                        keys.add(key);
                    }
                    insert.setString(1, tenantId);
                    insert.setArray(2, db.createArrayOf("text", scopes.toArray()));
                    insert.setArray(3, db.createArrayOf("text", batchIds));
                    insert.setArray(4, db.createArrayOf("bytea", hashes));
                    insert.setArray(5, db.createArrayOf("text", prefixes));
                    insert.executeUpdate();
                }
            }
            db.commit();
        }
        return new KeySeeder.Seeded(ids, keys);
    }

    static byte[] hash(Mac mac, String key) throws GeneralSecurityException {
        return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
    }
}
