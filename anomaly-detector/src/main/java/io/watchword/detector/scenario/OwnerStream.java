package io.watchword.detector.scenario;

import io.watchword.detector.scenario.Catalogue.Route;
import io.watchword.events.v1.ApiUsageRecorded;

/** The key's owner at work: its behaviour's rhythm plus the benign changes planned for it. */
final class OwnerStream extends UsageStream {

    private final double scale;
    private int window;

    OwnerStream(int ordinal, KeyPlan key, long seed, long start, long end, double scale) {
        super(ordinal, key, seed, start, Math.min(end, key.ownerEnd()), breaks(key), false);
        this.scale = scale;
    }

    private static long[] breaks(KeyPlan key) {
        Tenant t = key.tenant;
        long[] fixed = {
            t.incidentStart,
            t.incidentEnd,
            t.failoverStart,
            t.failoverEnd,
            key.injectionStart,
            key.injectionEnd,
            key.switchAt,
            key.natRotationAt
        };
        long[] all = new long[fixed.length + key.windowStart.length * 2];
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        for (int i = 0; i < key.windowStart.length; i++) {
            all[fixed.length + 2 * i] = key.windowStart[i];
            all[fixed.length + 2 * i + 1] = key.windowEnd[i];
        }
        return all;
    }

    @Override
    double rateAt(long time) {
        double rate = baseRate(time) * scale;
        if (rate <= 0) {
            return 0;
        }
        if (key.tenant.inIncident(time)) {
            rate *= 3; // clients retry failed calls
        }
        if ((key.lookAlike == LookAlikeType.MARKETING_SPIKE || key.lookAlike == LookAlikeType.BACKFILL)
                && time >= key.injectionStart
                && time < key.injectionEnd) {
            rate = Math.max(rate, key.baseRate * scale) * key.injectionFactor;
        }
        return rate;
    }

    private double baseRate(long time) {
        switch (key.behaviour) {
            case STEADY_SERVICE -> {
                double h = localHourFraction(time);
                double weekend = localDayOfWeek(time) >= 5 ? 0.8 : 1.0;
                return key.baseRate * (1 + 0.3 * Math.cos(2 * Math.PI * (h - 14) / 24)) * weekend;
            }
            case OFFICE_HOURS -> {
                int h = localHour(time);
                boolean working = localDayOfWeek(time) < 5 && h >= key.officeStartHour && h < key.officeEndHour;
                return working ? key.baseRate : 0;
            }
            case MOBILE_APP -> {
                double weekend = localDayOfWeek(time) >= 5 ? 1.2 : 1.0;
                return key.baseRate * Catalogue.MOBILE_CURVE[localHour(time)] * weekend;
            }
            case NIGHTLY_BATCH, CI_DEPLOY, HUMAN_CURL -> {
                while (window < key.windowEnd.length && key.windowEnd[window] <= time) {
                    window++;
                }
                if (window < key.windowStart.length && key.windowStart[window] <= time) {
                    return key.windowRate[window];
                }
                return 0;
            }
            default -> {
                return 0;
            }
        }
    }

    @Override
    ApiUsageRecorded event(long time) {
        Route route = usualRoute();
        double size = 1;
        if (key.lookAlike == LookAlikeType.BACKFILL && time >= key.injectionStart && time < key.injectionEnd) {
            // A backfill pages through lists: the list routes of the key, bigger pages.
            route = listRoute(route);
            size = 2.5;
        }
        int status = ordinaryStatus(route, time);
        return accepted(time, key.ownerCredentialAt(time), route, status, address(time), agent(time), size);
    }

    private Route listRoute(Route fallback) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Route r = key.usual.get(random.nextInt(key.usual.size()));
            if (r.isRead() && !r.hasId()) {
                return r;
            }
        }
        return fallback;
    }

    private String address(long time) {
        Tenant t = key.tenant;
        switch (key.behaviour) {
            case MOBILE_APP -> {
                Net carrier = t.carriers[random.nextInt(t.carriers.length)];
                return Net.format(carrier.pick(random));
            }
            case CI_DEPLOY, HUMAN_CURL -> {
                int w = Math.min(window, key.windowIp.length - 1);
                return Net.format(key.windowIp[Math.max(0, w)]);
            }
            default -> {
                if (key.serverSide() && key.behaviour != Behaviour.OFFICE_HOURS && t.inFailover(time)) {
                    return Net.format(t.otherRegionEgress[random.nextInt(t.otherRegionEgress.length)]);
                }
                if (key.lookAlike == LookAlikeType.REGION_MOVE && time >= key.injectionStart) {
                    double moved = Math.min(
                            1.0, (time - key.injectionStart) / (double) (key.injectionEnd - key.injectionStart));
                    if (random.nextDouble() < moved) {
                        return Net.format(t.otherRegionEgress[random.nextInt(t.otherRegionEgress.length)]);
                    }
                }
                int[] ips = time >= key.natRotationAt ? key.ipsAfterNat : key.ips;
                return Net.format(ips[random.nextInt(ips.length)]);
            }
        }
    }

    private String agent(long time) {
        if (key.agents == null) {
            return key.tenant.libraryAgent(time, key.upgradeLag);
        }
        if (key.behaviour == Behaviour.MOBILE_APP) {
            // Builds in the field: after the tenant's release, the newest build takes over gradually.
            int newest = key.agents.length - 1;
            boolean released = key.tenant.upgradeAt != Long.MAX_VALUE && time >= key.tenant.upgradeAt;
            if (released && random.nextDouble() < 0.5) {
                return key.agents[newest];
            }
            return key.agents[random.nextInt(newest)];
        }
        return key.agents[0];
    }
}
