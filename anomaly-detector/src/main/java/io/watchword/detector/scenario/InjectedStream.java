package io.watchword.detector.scenario;

import io.watchword.detector.scenario.Catalogue.Route;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.RefusalReason;
import java.util.List;

/**
 * Requests on a key from somebody other than its usual owner workload: an attacker (a
 * {@link CompromiseType}), or a benign newcomer (a partner integration, a new developer).
 */
final class InjectedStream extends UsageStream {

    private final CompromiseType compromise;
    private final LookAlikeType lookAlike;
    private final double rate;
    private final int[] ips;
    private final String[] agents;
    private final List<Route> forbidden;
    private final RefusalReason refusal;
    private final boolean mimicOwner;
    private int window;

    InjectedStream(
            int ordinal,
            KeyPlan key,
            long seed,
            long start,
            long end,
            CompromiseType compromise,
            LookAlikeType lookAlike,
            double rate,
            int[] ips,
            String[] agents,
            List<Route> forbidden,
            RefusalReason refusal,
            boolean mimicOwner) {
        super(ordinal, key, seed, start, end, windowBreaks(key, lookAlike, start, end), compromise != null);
        this.compromise = compromise;
        this.lookAlike = lookAlike;
        this.rate = rate;
        this.ips = ips;
        this.agents = agents;
        this.forbidden = forbidden;
        this.refusal = refusal;
        this.mimicOwner = mimicOwner;
    }

    private static long[] windowBreaks(KeyPlan key, LookAlikeType lookAlike, long start, long end) {
        if (lookAlike != LookAlikeType.NEW_DEVELOPER) {
            return new long[] {start, end};
        }
        long[] all = new long[key.windowStart.length * 2];
        for (int i = 0; i < key.windowStart.length; i++) {
            all[2 * i] = key.windowStart[i];
            all[2 * i + 1] = key.windowEnd[i];
        }
        return all;
    }

    @Override
    boolean malicious() {
        return compromise != null;
    }

    @Override
    double rateAt(long time) {
        if (lookAlike == LookAlikeType.PARTNER_INTEGRATION) {
            int h = localHour(time);
            return localDayOfWeek(time) < 5 && h >= 8 && h < 19 ? rate : 0;
        }
        if (lookAlike == LookAlikeType.NEW_DEVELOPER) {
            // The developer's sessions replace the owner's windows (the owner is a service here).
            while (window < key.windowEnd.length && key.windowEnd[window] <= time) {
                window++;
            }
            return window < key.windowStart.length && key.windowStart[window] <= time ? key.windowRate[window] : 0;
        }
        return rate;
    }

    @Override
    ApiUsageRecorded event(long time) {
        if (compromise != null) {
            key.markMalicious(time);
            return attack(time);
        }
        Route route = lookAlike == LookAlikeType.NEW_DEVELOPER && random.nextDouble() < 0.3
                ? key.allowed.get(random.nextInt(key.allowed.size()))
                : usualRoute();
        return accepted(time, key.credentialId, route, ordinaryStatus(route, time), ip(), agent(time), 1);
    }

    private ApiUsageRecorded attack(long time) {
        String id = key.credentialId;
        String ip = ip();
        String agent = agent(time);
        switch (compromise) {
            case SCOPE_PROBING -> {
                double u = random.nextDouble();
                if (u < 0.6 && !forbidden.isEmpty()) {
                    Route r = forbidden.get(random.nextInt(forbidden.size()));
                    return refused(time, id, r, RefusalReason.INSUFFICIENT_SCOPE, ip, agent);
                }
                Route r = key.allowed.get(random.nextInt(key.allowed.size()));
                int status = u < 0.85 && r.hasId() ? 404 : r.method().equals("POST") ? 201 : 200;
                if (u < 0.85 && !r.hasId()) {
                    status = 400; // malformed guesses at a list route's query
                }
                return accepted(time, id, r, status, ip, agent, 1);
            }
            case BULK_EXFILTRATION -> {
                Route r = bulkRoute();
                return accepted(time, id, r, 200, ip, agent, 30 + random.nextInt(60));
            }
            case PASTED_IN_PUBLIC -> {
                int host = random.nextInt(ips.length);
                String hostAgent = agents[host % agents.length];
                if (!forbidden.isEmpty() && random.nextDouble() < 0.2) {
                    Route r = forbidden.get(random.nextInt(forbidden.size()));
                    return refused(time, id, r, RefusalReason.INSUFFICIENT_SCOPE, Net.format(ips[host]), hostAgent);
                }
                Route r = key.allowed.get(random.nextInt(key.allowed.size()));
                return accepted(
                        time, id, r, r.method().equals("POST") ? 201 : 200, Net.format(ips[host]), hostAgent, 1);
            }
            case LOW_AND_SLOW -> {
                Route r = sensitiveRoute();
                return accepted(time, id, r, 200, ip, agent, 1);
            }
            case REVOKED_KEY_USED -> {
                return refused(time, id, usualRoute(), refusal, ip, agent);
            }
            case OTHER_OWNER_BEHAVIOUR -> {
                Route r = key.allowed.get(random.nextInt(key.allowed.size()));
                return accepted(time, id, r, ordinaryStatus(r, time), ip, agent, 1);
            }
            default -> {
                // LEAKED_KEY_NEW_NETWORK, DORMANT_KEY_REUSED: the key's own routes, from elsewhere.
                Route r =
                        random.nextDouble() < 0.7 ? usualRoute() : key.allowed.get(random.nextInt(key.allowed.size()));
                return accepted(time, id, r, r.method().equals("POST") ? 201 : 200, ip, agent, 1);
            }
        }
    }

    private Route bulkRoute() {
        for (int attempt = 0; attempt < 6; attempt++) {
            Route r = key.allowed.get(random.nextInt(key.allowed.size()));
            if (r.isRead()) {
                return r;
            }
        }
        return key.allowed.get(0);
    }

    /** Low-and-slow goes for the sensitive routes the key can reach (planning guarantees one). */
    private Route sensitiveRoute() {
        List<Route> sensitive = key.allowed.stream().filter(Route::sensitive).toList();
        return sensitive.isEmpty()
                ? key.allowed.get(random.nextInt(key.allowed.size()))
                : sensitive.get(random.nextInt(sensitive.size()));
    }

    private String ip() {
        return Net.format(ips[random.nextInt(ips.length)]);
    }

    private String agent(long time) {
        if (mimicOwner) {
            return key.agents == null ? key.tenant.libraryAgent(time, key.upgradeLag) : key.agents[0];
        }
        return agents[random.nextInt(agents.length)];
    }
}
