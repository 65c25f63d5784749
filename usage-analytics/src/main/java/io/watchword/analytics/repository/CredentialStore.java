package io.watchword.analytics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The credentials table, written from the credential-state and revocations topics. */
@ApplicationScoped
public class CredentialStore {

    // Scopes travel space-joined: unnest cannot take an array of arrays, and a scope has no space.
    static final String UPSERT_STATES = "INSERT INTO credentials (credential_id, tenant_id, credential_type,"
            + " display_prefix, name, scopes, expires_at, status, first_seen_at, state_changed_at)"
            + " SELECT c, t, ty, dp, n, string_to_array(s, ' '), e, st, at, at FROM unnest($1::text[], $2::text[],"
            + " $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::timestamptz[])"
            + " AS u(c, t, ty, dp, n, s, e, st, at)"
            + " ON CONFLICT (credential_id) DO UPDATE SET credential_type = EXCLUDED.credential_type,"
            + " display_prefix = EXCLUDED.display_prefix, name = EXCLUDED.name, scopes = EXCLUDED.scopes,"
            + " expires_at = EXCLUDED.expires_at, status = EXCLUDED.status, gone = FALSE,"
            + " state_changed_at = EXCLUDED.state_changed_at"
            // A credential id never changes tenant: a record claiming otherwise changes nothing.
            + " WHERE credentials.tenant_id = EXCLUDED.tenant_id"
            + " AND credentials.state_changed_at <= EXCLUDED.state_changed_at";
    static final String MARK_GONE = "UPDATE credentials SET gone = TRUE WHERE credential_id = ANY($1::text[])";
    static final String APPLY_REVOCATIONS = "UPDATE credentials c SET revocation_status = u.st"
            + " FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, id, st)"
            + " WHERE c.credential_id = u.id AND c.tenant_id = u.t";

    private final Pool pool;

    @Inject
    public CredentialStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> applyStates(List<CredentialStateChanged> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = states.size();
        String[] c = new String[n], t = new String[n], ty = new String[n], dp = new String[n], nm = new String[n];
        String[] s = new String[n], st = new String[n];
        OffsetDateTime[] e = new OffsetDateTime[n], at = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            CredentialStateChanged x = states.get(i);
            c[i] = x.credentialId();
            t[i] = x.tenantId();
            ty[i] = x.credentialType().name();
            dp[i] = x.displayPrefix();
            nm[i] = x.name();
            s[i] = String.join(" ", x.scopes());
            e[i] = x.expiresAt() == null ? null : x.expiresAt().atOffset(ZoneOffset.UTC);
            st[i] = x.status().name();
            at[i] = x.occurredAt().atOffset(ZoneOffset.UTC);
        }
        return pool.preparedQuery(UPSERT_STATES)
                .execute(Tuple.tuple(List.of(c, t, ty, dp, nm, s, e, st, at)))
                .replaceWithVoid();
    }

    public Uni<Void> markGone(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(MARK_GONE)
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> applyRevocations(List<CredentialRevocationChanged> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The newest per credential in the batch wins (the topic is in order per key).
        Map<String, CredentialRevocationChanged> newest = new LinkedHashMap<>();
        changes.forEach(ch -> newest.put(ch.tenantId() + "/" + ch.credentialId(), ch));
        int n = newest.size();
        String[] t = new String[n], id = new String[n], st = new String[n];
        int i = 0;
        for (CredentialRevocationChanged ch : newest.values()) {
            t[i] = ch.tenantId();
            id[i] = ch.credentialId();
            st[i] = ch.status().name();
            i++;
        }
        return pool.preparedQuery(APPLY_REVOCATIONS)
                .execute(Tuple.of(t, id, st))
                .replaceWithVoid();
    }
}
