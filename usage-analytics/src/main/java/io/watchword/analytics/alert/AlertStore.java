package io.watchword.analytics.alert;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.AnomalyDetected;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads the console's alerts (Hibernate Reactive); every read is bound to a tenant unless platform. */
@ApplicationScoped
public class AlertStore {

    public Uni<AlertPage> page(AlertQuery q) {
        return Panache.withSession(() -> entities(q)).map(found -> {
            // range() is inclusive: limit + 1 rows, the extra one saying a next page exists.
            boolean more = found.size() > q.limit();
            List<Alert> page = more ? found.subList(0, q.limit()) : found;
            List<AlertSummary> items = new ArrayList<>(page.size());
            page.forEach(a -> items.add(AlertSummary.of(a)));
            return new AlertPage(items, more ? cursor(page.get(page.size() - 1)) : null);
        });
    }

    /** A page of alerts in full (for the OCSF export): three queries, whatever the page size. */
    public Uni<DetailPage> details(AlertQuery q) {
        return Panache.withSession(() -> entities(q).flatMap(found -> {
            boolean more = found.size() > q.limit();
            List<Alert> page = more ? found.subList(0, q.limit()) : found;
            String next = more ? cursor(page.get(page.size() - 1)) : null;
            if (page.isEmpty()) {
                return Uni.createFrom().item(new DetailPage(List.of(), null));
            }
            List<UUID> ids = page.stream().map(a -> a.id).toList();
            return AlertDecision.<AlertDecision>find("alertId in ?1 order by decidedAt", ids)
                    .list()
                    .flatMap(decisions -> AlertTriage.<AlertTriage>find("alertId in ?1 order by createdAt", ids)
                            .list()
                            .map(triage -> {
                                List<AlertDetail> out = new ArrayList<>(page.size());
                                for (Alert a : page) {
                                    out.add(detailOf(
                                            a,
                                            decisions.stream()
                                                    .filter(d ->
                                                            d.alertId.equals(a.id) && d.tenantId.equals(a.tenantId))
                                                    .toList(),
                                            triage.stream()
                                                    .filter(t -> t.alertId.equals(a.id))
                                                    .toList()));
                                }
                                return new DetailPage(out, next);
                            }));
        }));
    }

    /** Alerts in full and the cursor of the next page. */
    public record DetailPage(List<AlertDetail> items, String next) {}

    private static AlertDetail detailOf(Alert alert, List<AlertDecision> decisions, List<AlertTriage> triage) {
        return new AlertDetail(
                AlertSummary.of(alert),
                EventSerde.deserialize(alert.payload.getBytes(StandardCharsets.UTF_8), AnomalyDetected.class),
                decisions.stream().map(AlertDetail.Decision::of).toList(),
                triage.stream().map(AlertDetail.Triage::of).toList());
    }

    private Uni<List<Alert>> entities(AlertQuery q) {
        StringBuilder hql = new StringBuilder("from Alert where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (q.tenantId() != null) {
            hql.append(" and tenantId = :tenant");
            params.put("tenant", q.tenantId());
        }
        if (!q.severities().isEmpty()) {
            hql.append(" and severity in :severities");
            params.put("severities", List.copyOf(q.severities()));
        }
        if (q.status() != null) {
            hql.append(" and status = :status");
            params.put("status", q.status());
        }
        if (q.credentialId() != null) {
            hql.append(" and credentialId = :credential");
            params.put("credential", q.credentialId());
        }
        if (q.from() != null) {
            hql.append(" and occurredAt >= :from");
            params.put("from", q.from());
        }
        if (q.to() != null) {
            hql.append(" and occurredAt < :to");
            params.put("to", q.to());
        }
        if (q.before() != null) {
            hql.append(" and (occurredAt < :cAt or (occurredAt = :cAt and id < :cId))");
            params.put("cAt", q.before().occurredAt());
            params.put("cId", q.before().id());
        }
        hql.append(" order by occurredAt desc, id desc");
        return Alert.<Alert>find(hql.toString(), params).range(0, q.limit()).list();
    }

    /** The alert with its decisions and triage, if it exists and belongs to {@code tenantId} (null: any). */
    public Uni<Optional<AlertDetail>> detail(UUID id, String tenantId) {
        return Panache.withSession(() -> Alert.<Alert>findById(id).flatMap(alert -> {
            if (alert == null || (tenantId != null && !tenantId.equals(alert.tenantId))) {
                return Uni.createFrom().item(Optional.<AlertDetail>empty());
            }
            return AlertDecision.<AlertDecision>find(
                            "alertId = ?1 and tenantId = ?2 order by decidedAt", alert.id, alert.tenantId)
                    .list()
                    .flatMap(decisions -> AlertTriage.<AlertTriage>find("alertId = ?1 order by createdAt", alert.id)
                            .list()
                            .map(triage -> Optional.of(detailOf(alert, decisions, triage))));
        }));
    }

    static String cursor(Alert last) {
        String raw = last.occurredAt.toString() + "|" + last.id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the cursor's position, or null if {@code text} is not a cursor this service wrote */
    public static AlertQuery.Cursor parseCursor(String text) {
        if (text == null || text.length() > 200) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0) {
                return null;
            }
            return new AlertQuery.Cursor(
                    java.time.Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
