package io.watchword.detector.scenario;

import io.watchword.detector.scenario.Catalogue.Route;
import io.watchword.events.EventSerde;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.DetectorControlChanged;
import io.watchword.events.v1.RefusalReason;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded, deterministic scenario of API-key traffic: thousands of keys with benign owners
 * ({@link Behaviour}), background changes (NAT rotation, tenant-wide client upgrades, rotations,
 * incidents with retries), injected compromises ({@link CompromiseType}) and benign look-alikes
 * ({@link LookAlikeType}), with the ground truth.
 *
 * <p>Everything is planned up front (O(keys) memory); usage is then produced by merging one
 * {@link UsageStream} per source in event-time order, so ten million events need no more memory
 * than a thousand. The usage events and credential states are the shared-schemas records, written
 * with {@link EventSerde} exactly as they travel on the topics.
 */
public final class ScenarioGenerator {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String[] TENANT_WORDS = {
        "acme",
        "globex",
        "initech",
        "umbrella",
        "hooli",
        "stark",
        "wayne",
        "wonka",
        "tyrell",
        "cyberdyne",
        "soylent",
        "aperture",
        "vandelay",
        "nakatomi",
        "oscorp",
        "dunder"
    };
    private static final String[] KEY_WORDS = {
        "sync", "orders", "billing", "reports", "etl", "mobile", "deploy", "ops", "crm", "partner", "export", "web"
    };

    private final ScenarioConfig config;
    private final long start;
    private final long end;
    private final List<Tenant> tenants = new ArrayList<>();
    private final List<KeyPlan> keys = new ArrayList<>();
    private final List<UsageStream> streams = new ArrayList<>();
    private final Net[] ciNets;
    private boolean generated;

    public ScenarioGenerator(ScenarioConfig config) {
        this.config = config;
        this.start = config.start().toEpochMilli();
        this.end = config.end().toEpochMilli();
        SplittableRandom world = new SplittableRandom(mix(config.seed(), 0xC0FFEEL));
        this.ciNets = new Net[6];
        for (int i = 0; i < ciNets.length; i++) {
            ciNets[i] = Net.slash16(world, new int[] {20, 52, 40});
        }
        planTenants();
        planKeys();
        planInjections(new SplittableRandom(mix(config.seed(), 0x1A7EL)));
        planAnnouncements();
        planRotations();
        planStreams();
    }

    public ScenarioConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ planning

    private void planTenants() {
        int count = Math.max(1, (config.keys() + 19) / 20);
        for (int t = 0; t < count; t++) {
            SplittableRandom r = new SplittableRandom(mix(config.seed(), 0x7E_0000L + t));
            String id = TENANT_WORDS[r.nextInt(TENANT_WORDS.length)] + "-" + (t + 1);
            ZoneId zone = ZoneId.of(Catalogue.ZONES[r.nextInt(Catalogue.ZONES.length)]);
            int provider = Catalogue.CLOUD_FIRST_OCTETS[r.nextInt(Catalogue.CLOUD_FIRST_OCTETS.length)];
            Net region = Net.slash16(r, new int[] {provider});
            int[] egress = region.slash24(r).hosts(r, 4 + r.nextInt(5));
            int[] otherRegion = Net.slash16(r, new int[] {provider}).slash24(r).hosts(r, 4);
            Net officeIsp = Net.slash16(r, Catalogue.ISP_FIRST_OCTETS);
            int[] office = officeIsp.slash24(r).hosts(r, 1 + r.nextInt(2));
            Net home = Net.slash16(r, Catalogue.ISP_FIRST_OCTETS);
            Net[] carriers = new Net[4 + r.nextInt(4)];
            for (int c = 0; c < carriers.length; c++) {
                carriers[c] = Net.slash16(r, Catalogue.CARRIER_FIRST_OCTETS);
            }
            String[] library = Catalogue.LIBRARIES[r.nextInt(Catalogue.LIBRARIES.length)];
            int version = 1 + r.nextInt(library.length - 2);
            long upgradeAt = r.nextDouble() < 0.4 ? between(r, start + DAY / 2, end - DAY / 2) : Long.MAX_VALUE;
            long incidentStart = Long.MAX_VALUE;
            long incidentEnd = Long.MAX_VALUE;
            if (r.nextDouble() < 0.2) {
                incidentStart = between(r, start + HOUR, end - HOUR);
                incidentEnd = incidentStart + (15 + r.nextInt(31)) * MINUTE;
            }
            String app = Catalogue.APP_NAMES[r.nextInt(Catalogue.APP_NAMES.length)];
            tenants.add(new Tenant(
                    t,
                    id,
                    zone,
                    region,
                    egress,
                    otherRegion,
                    office,
                    home,
                    carriers,
                    library,
                    version,
                    upgradeAt,
                    app,
                    incidentStart,
                    incidentEnd));
        }
    }

    private void planKeys() {
        Behaviour[] behaviours = Behaviour.values();
        double[] weights = {0.28, 0.18, 0.10, 0.08, 0.10, 0.16, 0.10};
        for (int i = 0; i < config.keys(); i++) {
            SplittableRandom r = new SplittableRandom(mix(config.seed(), 0x4B_0000_0000L + i));
            // Skewed: a few big tenants hold many keys, as in any SaaS.
            Tenant tenant = tenants.get((int) (tenants.size() * Math.pow(r.nextDouble(), 1.6)));
            String id = "key_" + base62(r, 22);
            String prefix = "ww_live_" + base62(r, 8);
            long issuedAt = start - (1 + r.nextInt(300)) * DAY - r.nextInt((int) DAY);
            Behaviour behaviour = behaviours[pick(r, weights)];
            KeyPlan key = new KeyPlan(
                    i, tenant, id, prefix, KEY_WORDS[r.nextInt(KEY_WORDS.length)] + "-" + (i + 1), issuedAt);
            key.behaviour = behaviour;
            key.scopes = scopes(r, behaviour);
            key.allowed = allowedRoutes(key.scopes);
            chooseUsualRoutes(key, r);
            key.upgradeLag = (long) (r.nextDouble() * 2 * HOUR);
            key.officeStartHour = 8 + r.nextInt(3);
            key.officeEndHour = 17 + r.nextInt(3);
            planBehaviour(key, r);
            keys.add(key);
        }
    }

    private static List<String> scopes(SplittableRandom r, Behaviour behaviour) {
        List<String> scopes = new ArrayList<>();
        int resources = 1 + r.nextInt(3);
        List<String> pool = new ArrayList<>(
                behaviour == Behaviour.MOBILE_APP ? List.of("orders", "catalog", "customers") : Catalogue.RESOURCES);
        for (int n = 0; n < resources && !pool.isEmpty(); n++) {
            String resource = pool.remove(r.nextInt(pool.size()));
            scopes.add(resource + ":read");
            if (r.nextDouble() < 0.5) {
                scopes.add(resource + ":write");
                if (r.nextDouble() < 0.2) {
                    scopes.add(resource + ":delete");
                }
            }
        }
        if (r.nextDouble() < 0.03) {
            scopes.add("admin:admin");
        }
        return scopes;
    }

    static List<Route> allowedRoutes(List<String> scopes) {
        List<Route> allowed = new ArrayList<>();
        for (Route route : Catalogue.ROUTES) {
            String resource = route.scope().substring(0, route.scope().indexOf(':'));
            if (scopes.contains(route.scope()) || scopes.contains(resource + ":admin")) {
                allowed.add(route);
            }
        }
        return allowed;
    }

    private static void chooseUsualRoutes(KeyPlan key, SplittableRandom r) {
        List<Route> candidates = new ArrayList<>();
        for (Route route : key.allowed) {
            if (!route.sensitive()) {
                candidates.add(route);
            }
        }
        if (candidates.isEmpty()) {
            candidates.addAll(key.allowed);
        }
        int n = Math.min(candidates.size(), 2 + r.nextInt(5));
        List<Route> usual = new ArrayList<>();
        while (usual.size() < n) {
            usual.add(candidates.remove(r.nextInt(candidates.size())));
        }
        double[] weights = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            // Reads dominate in real APIs.
            weights[i] = -Math.log(1 - r.nextDouble()) * (usual.get(i).isRead() ? 3 : 1);
            sum += weights[i];
        }
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += weights[i] / sum;
            weights[i] = acc;
        }
        weights[n - 1] = 1.0;
        key.usual = usual;
        key.usualWeights = weights;
    }

    private void planBehaviour(KeyPlan key, SplittableRandom r) {
        Tenant t = key.tenant;
        switch (key.behaviour) {
            case STEADY_SERVICE -> {
                key.baseRate = logUniform(r, 0.1, 1.5) / 60;
                key.ips = subset(r, t.egress, 1 + r.nextInt(3));
                if (r.nextDouble() < 0.25) {
                    // The NAT gateway is replaced: a new egress address in the same region.
                    key.natRotationAt = between(r, start + HOUR, end - HOUR);
                    key.ipsAfterNat = t.region.hosts(r, key.ips.length);
                    key.changes.add("nat-rotation");
                }
            }
            case OFFICE_HOURS -> {
                key.baseRate = logUniform(r, 0.1, 1.0) / 60;
                key.ips = t.officeIps;
                if (r.nextDouble() < 0.2) {
                    key.natRotationAt = between(r, start + HOUR, end - HOUR);
                    key.ipsAfterNat = new int[] {new Net(t.officeIps[0] & 0xffff0000, 1 << 16).pick(r)};
                    key.changes.add("nat-rotation");
                }
            }
            case NIGHTLY_BATCH -> {
                key.ips = subset(r, t.egress, 1);
                int hour = r.nextInt(5);
                int minute = r.nextInt(60);
                int duration = 15 + r.nextInt(31);
                double rate = 0.1 + r.nextDouble() * 0.5;
                List<long[]> runs = new ArrayList<>();
                for (LocalDate day = localDate(start - DAY, t); ; day = day.plusDays(1)) {
                    long at = day.atTime(hour, minute)
                                    .atZone(zoneOf(t))
                                    .toInstant()
                                    .toEpochMilli()
                            + (r.nextInt(21) - 10) * MINUTE;
                    if (at >= end) {
                        break;
                    }
                    long length = (duration + r.nextInt(11) - 5) * MINUTE;
                    runs.add(new long[] {at, at + length});
                }
                setWindows(key, runs, rate, null, r);
            }
            case CI_DEPLOY -> {
                key.agents = new String[] {Catalogue.CI_AGENTS[r.nextInt(Catalogue.CI_AGENTS.length)]};
                List<long[]> deploys = new ArrayList<>();
                List<Double> rates = new ArrayList<>();
                List<Integer> ips = new ArrayList<>();
                for (LocalDate day = localDate(start, t); ; day = day.plusDays(1)) {
                    long midnight = day.atStartOfDay(zoneOf(t)).toInstant().toEpochMilli();
                    if (midnight >= end) {
                        break;
                    }
                    if (day.getDayOfWeek().getValue() >= 6) {
                        continue;
                    }
                    int count = r.nextInt(5);
                    long cursor = midnight + 9 * HOUR;
                    for (int d = 0; d < count; d++) {
                        long at = cursor + (long) (r.nextDouble() * 2 * HOUR);
                        long length = (2 + r.nextInt(5)) * MINUTE;
                        deploys.add(new long[] {at, at + length});
                        rates.add((10 + r.nextInt(31)) / (length / 1000.0));
                        ips.add(ciNets[r.nextInt(ciNets.length)].pick(r));
                        cursor = at + length + 5 * MINUTE;
                    }
                }
                setWindows(key, deploys, rates, ips);
            }
            case MOBILE_APP -> {
                key.baseRate = logUniform(r, 0.3, 3.0) / 60;
                String app = t.appName;
                key.agents = new String[] {
                    app + "/5.0.3 (iPhone; iOS 17.2; Scale/3.00)",
                    app + "/5.1.0 (Android 14; Pixel 7)",
                    app + "/5.1.0 (iPhone; iOS 17.4; Scale/3.00)",
                    "okhttp/4.12.0",
                    app + "/5.2.0 (iPhone; iOS 17.5; Scale/3.00)"
                };
            }
            case HUMAN_CURL -> {
                key.agents = new String[] {Catalogue.HUMAN_AGENTS[r.nextInt(Catalogue.HUMAN_AGENTS.length)]};
                int home = t.homeIsp.pick(r);
                humanSessions(key, r, start, home, 0.5);
            }
            case DORMANT -> {
                // Never used in the window.
            }
        }
    }

    private void humanSessions(KeyPlan key, SplittableRandom r, long from, int homeIp, double dayProbability) {
        Tenant t = key.tenant;
        List<long[]> sessions = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Integer> ips = new ArrayList<>();
        for (LocalDate day = localDate(from, t); ; day = day.plusDays(1)) {
            long midnight = day.atStartOfDay(zoneOf(t)).toInstant().toEpochMilli();
            if (midnight >= end) {
                break;
            }
            if (day.getDayOfWeek().getValue() >= 6 || r.nextDouble() >= dayProbability) {
                continue;
            }
            long cursor = midnight + 9 * HOUR;
            int count = 1 + r.nextInt(2);
            for (int s = 0; s < count; s++) {
                long at = cursor + (long) (r.nextDouble() * 4 * HOUR);
                if (at < from) {
                    continue;
                }
                long length = (10 + r.nextInt(31)) * MINUTE;
                sessions.add(new long[] {at, at + length});
                rates.add((5 + r.nextInt(26)) / (length / 1000.0));
                ips.add(homeIp != 0 && r.nextDouble() < 0.4 ? homeIp : t.officeIps[0]);
                cursor = at + length + 10 * MINUTE;
            }
        }
        setWindows(key, sessions, rates, ips);
    }

    private static void setWindows(KeyPlan key, List<long[]> windows, double rate, int[] ip, SplittableRandom r) {
        List<Double> rates = new ArrayList<>();
        List<Integer> ips = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            rates.add(rate);
            ips.add(ip == null ? key.ips[0] : ip[0]);
        }
        setWindows(key, windows, rates, ips);
    }

    private static void setWindows(KeyPlan key, List<long[]> windows, List<Double> rates, List<Integer> ips) {
        int n = windows.size();
        key.windowStart = new long[n];
        key.windowEnd = new long[n];
        key.windowRate = new double[n];
        key.windowIp = new int[n];
        for (int i = 0; i < n; i++) {
            key.windowStart[i] = windows.get(i)[0];
            key.windowEnd[i] = windows.get(i)[1];
            key.windowRate[i] = rates.get(i);
            key.windowIp[i] = ips.get(i);
        }
    }

    private void planInjections(SplittableRandom r) {
        int perType = config.injectedPerType();
        if (perType == 0) {
            return;
        }
        int[] order = permutation(r, keys.size());
        for (CompromiseType type : CompromiseType.values()) {
            int placed = 0;
            // Dormant reuse prefers keys that are dormant anyway; any other key can be made dormant.
            for (int pass = 0; pass < 2 && placed < perType; pass++) {
                for (int index : order) {
                    KeyPlan key = keys.get(index);
                    if (placed >= perType) {
                        break;
                    }
                    if (injected(key)) {
                        continue;
                    }
                    boolean dormant = key.behaviour == Behaviour.DORMANT;
                    boolean fits = type == CompromiseType.DORMANT_KEY_REUSED ? (dormant || pass == 1) : !dormant;
                    if (fits) {
                        injectCompromise(key, type, r);
                        placed++;
                    }
                }
            }
        }
        for (LookAlikeType type : LookAlikeType.values()) {
            if (type == LookAlikeType.DR_FAILOVER) {
                planFailovers(r, perType);
                continue;
            }
            int placed = 0;
            for (int index : order) {
                KeyPlan key = keys.get(index);
                if (placed >= perType) {
                    break;
                }
                if (!injected(key) && lookAlikeFits(type, key.behaviour)) {
                    injectLookAlike(key, type, r);
                    placed++;
                }
            }
        }
    }

    private static boolean injected(KeyPlan key) {
        return key.compromise != null || key.lookAlike != null;
    }

    private static boolean lookAlikeFits(LookAlikeType type, Behaviour b) {
        return switch (type) {
            case MARKETING_SPIKE -> b == Behaviour.MOBILE_APP || b == Behaviour.STEADY_SERVICE;
            case REGION_MOVE, BACKFILL -> b == Behaviour.STEADY_SERVICE || b == Behaviour.NIGHTLY_BATCH;
            case PARTNER_INTEGRATION, NEW_DEVELOPER -> b == Behaviour.STEADY_SERVICE || b == Behaviour.OFFICE_HOURS;
            case DR_FAILOVER -> b == Behaviour.STEADY_SERVICE || b == Behaviour.NIGHTLY_BATCH;
        };
    }

    /** When an injection starts: after the first 40 % of the window (a baseline exists), before the last 15 %. */
    private long injectionStart(SplittableRandom r) {
        long from = start + (long) ((end - start) * 0.4);
        long to = Math.max(from + MINUTE, end - (long) ((end - start) * 0.15));
        return between(r, from, to);
    }

    private void injectCompromise(KeyPlan key, CompromiseType type, SplittableRandom r) {
        key.compromise = type;
        long s = injectionStart(r);
        key.injectionStart = s;
        switch (type) {
            case LEAKED_KEY_NEW_NETWORK -> key.injectionEnd = s + (20 + r.nextInt(101)) * MINUTE;
            case SCOPE_PROBING -> key.injectionEnd = s + (5 + r.nextInt(26)) * MINUTE;
            case BULK_EXFILTRATION -> key.injectionEnd = s + (10 + r.nextInt(31)) * MINUTE;
            case PASTED_IN_PUBLIC -> key.injectionEnd = s + (1 + r.nextInt(6)) * HOUR;
            case DORMANT_KEY_REUSED -> {
                key.behaviour = Behaviour.DORMANT;
                key.injectionEnd = s + (30 + r.nextInt(91)) * MINUTE;
            }
            case LOW_AND_SLOW -> {
                key.injectionEnd = s + (12 + r.nextInt(25)) * HOUR;
                if (key.allowed.stream().noneMatch(Route::sensitive)) {
                    // The key must reach something sensitive its owner never calls.
                    List<String> scopes = new ArrayList<>(key.scopes);
                    scopes.add("customers:read");
                    key.scopes = scopes;
                    key.allowed = allowedRoutes(scopes);
                }
            }
            case OTHER_OWNER_BEHAVIOUR -> key.injectionEnd = s + (2 + r.nextInt(7)) * HOUR;
            case REVOKED_KEY_USED -> {
                key.injectionEnd = s + (10 + r.nextInt(51)) * MINUTE;
                if (r.nextBoolean()) {
                    key.revokedAt = Math.max(start + HOUR, s - (long) ((0.3 + r.nextDouble() * 1.7) * DAY));
                    key.changes.add("revoked");
                } else {
                    long rotated = Math.max(start + HOUR, s - (long) ((1.3 + r.nextDouble() * 1.7) * DAY));
                    rotate(key, rotated, Math.min(s - HOUR, rotated + DAY), r);
                }
            }
        }
        key.injectionEnd = Math.min(key.injectionEnd, end);
    }

    private void injectLookAlike(KeyPlan key, LookAlikeType type, SplittableRandom r) {
        key.lookAlike = type;
        long s = injectionStart(r);
        key.injectionStart = s;
        switch (type) {
            case MARKETING_SPIKE -> {
                key.injectionEnd = s + (2 + r.nextInt(5)) * HOUR;
                key.injectionFactor = 5 + r.nextInt(11);
            }
            case REGION_MOVE -> key.injectionEnd = s + (12 + r.nextInt(25)) * HOUR;
            case PARTNER_INTEGRATION -> key.injectionEnd = end;
            case BACKFILL -> {
                key.injectionEnd = s + (2 + r.nextInt(4)) * HOUR;
                key.injectionFactor = 10 + r.nextInt(21);
            }
            case NEW_DEVELOPER -> {
                key.injectionEnd = end;
                humanSessions(key, r, s, key.tenant.homeIsp.pick(r), 0.8);
            }
            case DR_FAILOVER -> throw new IllegalStateException("tenant-wide, see planFailovers");
        }
        key.injectionEnd = Math.min(key.injectionEnd, end);
    }

    private void planFailovers(SplittableRandom r, int perType) {
        int placed = 0;
        for (int index : permutation(r, tenants.size())) {
            if (placed >= perType) {
                break;
            }
            Tenant tenant = tenants.get(index);
            List<KeyPlan> moved = new ArrayList<>();
            for (KeyPlan key : keys) {
                if (key.tenant == tenant && !injected(key) && lookAlikeFits(LookAlikeType.DR_FAILOVER, key.behaviour)) {
                    moved.add(key);
                }
            }
            if (moved.isEmpty()) {
                continue;
            }
            tenant.failoverStart = injectionStart(r);
            tenant.failoverEnd = Math.min(end, tenant.failoverStart + (2 + r.nextInt(7)) * HOUR);
            for (KeyPlan key : moved) {
                key.lookAlike = LookAlikeType.DR_FAILOVER;
                key.injectionStart = tenant.failoverStart;
                key.injectionEnd = tenant.failoverEnd;
                placed++;
            }
        }
    }

    /**
     * Operators announce half of the planned changes (region moves, partner onboardings, backfills)
     * on the detector's control topic; the other half happen unannounced, as they do in practice.
     */
    private void planAnnouncements() {
        int n = 0;
        for (KeyPlan key : keys) {
            if (key.lookAlike == LookAlikeType.REGION_MOVE
                    || key.lookAlike == LookAlikeType.PARTNER_INTEGRATION
                    || key.lookAlike == LookAlikeType.BACKFILL) {
                if (n++ % 2 == 0) {
                    key.announced = true;
                    key.changes.add("announced");
                }
            }
        }
    }

    /** The announced changes, as {@code DetectorControlChanged} records in the order they were published. */
    public List<DetectorControlChanged> controlEvents() {
        List<DetectorControlChanged> events = new ArrayList<>();
        for (KeyPlan key : keys) {
            if (!key.announced) {
                continue;
            }
            SplittableRandom r = new SplittableRandom(mix(config.seed(), 0xA220_0000L + key.index));
            long from = key.injectionStart - 15 * MINUTE;
            // A partner's onboarding is announced for its first days; the others for their duration.
            long until = key.lookAlike == LookAlikeType.PARTNER_INTEGRATION
                    ? key.injectionStart + 3 * DAY
                    : key.injectionEnd + HOUR;
            String what =
                    switch (key.lookAlike) {
                        case REGION_MOVE -> "planned move to another region";
                        case PARTNER_INTEGRATION -> "partner integration goes live";
                        default -> "backfill of historical data";
                    };
            events.add(new DetectorControlChanged(
                    new java.util.UUID(
                            (r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | Long.MIN_VALUE),
                    Instant.ofEpochMilli(Math.max(start, from - (long) ((1 + r.nextDouble() * 23) * HOUR))),
                    key.tenant.id,
                    "change-" + (key.index + 1),
                    key.credentialId,
                    Instant.ofEpochMilli(from),
                    Instant.ofEpochMilli(until),
                    null,
                    what));
        }
        events.sort(Comparator.comparing(DetectorControlChanged::occurredAt));
        return events;
    }

    private void planRotations() {
        for (KeyPlan key : keys) {
            SplittableRandom r = new SplittableRandom(mix(config.seed(), 0x207A_0000L + key.index));
            if (key.tenant.incidentStart != Long.MAX_VALUE && key.behaviour != Behaviour.DORMANT) {
                key.changes.add("incident");
            }
            if (key.tenant.upgradeAt != Long.MAX_VALUE && key.serverSide()) {
                key.changes.add("client-upgrade");
            }
            if (injected(key) || key.behaviour == Behaviour.DORMANT || r.nextDouble() >= 0.08) {
                continue;
            }
            long rotated = between(r, start + HOUR, end - 2 * HOUR);
            rotate(key, rotated, rotated + (long) ((1 + r.nextDouble() * 2) * DAY), r);
        }
    }

    private void rotate(KeyPlan key, long rotatedAt, long graceEndsAt, SplittableRandom r) {
        key.rotatedAt = rotatedAt;
        key.graceEndsAt = Math.max(graceEndsAt, rotatedAt + HOUR);
        // The owner deploys the new key some time within the grace period.
        key.switchAt = rotatedAt + Math.min(key.graceEndsAt - rotatedAt - MINUTE, (10 + r.nextInt(8 * 60)) * MINUTE);
        key.replacementId = "key_" + base62(r, 22);
        key.replacementPrefix = "ww_live_" + base62(r, 8);
        key.changes.add("rotated-out");
    }

    private void planStreams() {
        double scale = config.rateScale();
        for (KeyPlan key : keys) {
            long seed = config.seed();
            if (key.behaviour != Behaviour.DORMANT) {
                streams.add(new OwnerStream(key.index * 4, key, seed, start, end, scale));
            }
            SplittableRandom r = new SplittableRandom(mix(seed, 0xA77AC4_0000L + key.index));
            if (key.compromise != null) {
                streams.add(attackStream(key, r));
            } else if (key.lookAlike == LookAlikeType.PARTNER_INTEGRATION) {
                int provider = Catalogue.CLOUD_FIRST_OCTETS[r.nextInt(Catalogue.CLOUD_FIRST_OCTETS.length)];
                int[] ips = Net.slash16(r, new int[] {provider}).slash24(r).hosts(r, 2);
                String agent = KEY_WORDS[r.nextInt(KEY_WORDS.length)] + "-partner-sync/2." + r.nextInt(9) + ".0";
                double rate = 1.0 / (60 + r.nextInt(241));
                streams.add(new InjectedStream(
                        key.index * 4 + 1,
                        key,
                        seed,
                        key.injectionStart,
                        key.injectionEnd,
                        null,
                        LookAlikeType.PARTNER_INTEGRATION,
                        rate,
                        ips,
                        new String[] {agent},
                        List.of(),
                        null,
                        false));
            } else if (key.lookAlike == LookAlikeType.NEW_DEVELOPER) {
                streams.add(new InjectedStream(
                        key.index * 4 + 1,
                        key,
                        seed,
                        key.injectionStart,
                        key.injectionEnd,
                        null,
                        LookAlikeType.NEW_DEVELOPER,
                        0,
                        key.windowIp.length == 0 ? new int[] {key.tenant.homeIsp.pick(r)} : key.windowIp,
                        new String[] {Catalogue.HUMAN_AGENTS[r.nextInt(Catalogue.HUMAN_AGENTS.length)]},
                        List.of(),
                        null,
                        false));
            }
        }
    }

    private UsageStream attackStream(KeyPlan key, SplittableRandom r) {
        CompromiseType type = key.compromise;
        Net attackNet = Net.slash16(r, Catalogue.ATTACK_FIRST_OCTETS);
        int[] ips = attackNet.slash24(r).hosts(r, 1 + r.nextInt(2));
        String[] agents = {Catalogue.ATTACK_AGENTS[r.nextInt(Catalogue.ATTACK_AGENTS.length)]};
        List<Route> forbidden = new ArrayList<>(Catalogue.ROUTES);
        forbidden.removeAll(key.allowed);
        boolean mimic = false;
        RefusalReason refusal = null;
        double rate;
        double minutes = (key.injectionEnd - key.injectionStart) / (double) MINUTE;
        switch (type) {
            case LEAKED_KEY_NEW_NETWORK -> rate = 1.0 / (3 + r.nextInt(13));
            case SCOPE_PROBING -> {
                rate = 1.0 / (0.5 + r.nextDouble() * 2.5);
                agents = new String[] {
                    Catalogue.ATTACK_AGENTS[6], Catalogue.ATTACK_AGENTS[r.nextInt(Catalogue.ATTACK_AGENTS.length)]
                };
            }
            case BULK_EXFILTRATION -> {
                rate = 2 + r.nextDouble() * 6;
                mimic = true;
                if (key.serverSide() && r.nextBoolean()) {
                    ips = key.ips; // from a compromised host inside the owner's own network
                }
            }
            case PASTED_IN_PUBLIC -> {
                int hosts = 30 + r.nextInt(271);
                ips = new int[hosts];
                agents = new String[hosts];
                for (int h = 0; h < hosts; h++) {
                    int[] octets = r.nextBoolean() ? Catalogue.ATTACK_FIRST_OCTETS : Catalogue.ISP_FIRST_OCTETS;
                    ips[h] = Net.slash16(r, octets).pick(r);
                    agents[h] = r.nextDouble() < 0.7
                            ? Catalogue.ATTACK_AGENTS[r.nextInt(Catalogue.ATTACK_AGENTS.length)]
                            : Catalogue.HUMAN_AGENTS[r.nextInt(Catalogue.HUMAN_AGENTS.length)];
                }
                rate = hosts * (2 + r.nextInt(9)) / (minutes * 60);
            }
            case DORMANT_KEY_REUSED -> rate = 1.0 / (5 + r.nextInt(26));
            case LOW_AND_SLOW -> {
                rate = 1.0 / (180 + r.nextInt(721));
                ips = Net.slash16(r, Catalogue.ISP_FIRST_OCTETS).hosts(r, 1 + r.nextInt(3));
                mimic = true;
            }
            case OTHER_OWNER_BEHAVIOUR -> {
                rate = 1.0 / (10 + r.nextInt(51));
                Tenant donor = tenants.get(r.nextInt(tenants.size()));
                ips = r.nextBoolean() ? donor.officeIps : new int[] {donor.homeIsp.pick(r)};
                String ownerFamily = key.agents == null ? key.tenant.library[0] : key.agents[0];
                String agent;
                do {
                    agent = r.nextBoolean()
                            ? Catalogue.HUMAN_AGENTS[r.nextInt(Catalogue.HUMAN_AGENTS.length)]
                            : donor.libraryAgent(key.injectionStart, 0);
                } while (agent.startsWith(ownerFamily.split("/")[0]));
                agents = new String[] {agent};
            }
            case REVOKED_KEY_USED -> {
                rate = 1.0 / (5 + r.nextInt(56));
                refusal = key.revokedAt != Long.MAX_VALUE ? RefusalReason.REVOKED : RefusalReason.ROTATED_OUT;
            }
            default -> throw new IllegalStateException(type.name());
        }
        return new InjectedStream(
                key.index * 4 + 1,
                key,
                config.seed(),
                key.injectionStart,
                key.injectionEnd,
                type,
                null,
                rate,
                ips,
                agents,
                forbidden,
                refusal,
                mimic);
    }

    // ------------------------------------------------------------------ output

    /** Every credential's state changes (issued, rotated, expired, revoked), in event-time order. */
    public List<CredentialStateChanged> credentialEvents() {
        List<CredentialStateChanged> events = new ArrayList<>();
        for (KeyPlan key : keys) {
            SplittableRandom r = new SplittableRandom(mix(config.seed(), 0xC4ED_0000L + key.index));
            Instant expires = Instant.ofEpochMilli(key.issuedAt + 365 * DAY);
            events.add(state(
                    r,
                    key,
                    key.issuedAt,
                    key.credentialId,
                    key.displayPrefix,
                    CredentialState.ACTIVE,
                    null,
                    null,
                    null,
                    expires));
            if (key.replacementId != null) {
                Instant replacementExpires = Instant.ofEpochMilli(key.rotatedAt + 365 * DAY);
                events.add(state(
                        r,
                        key,
                        key.rotatedAt,
                        key.replacementId,
                        key.replacementPrefix,
                        CredentialState.ACTIVE,
                        null,
                        null,
                        key.credentialId,
                        replacementExpires));
                events.add(state(
                        r,
                        key,
                        key.rotatedAt,
                        key.credentialId,
                        key.displayPrefix,
                        CredentialState.ROTATED,
                        Instant.ofEpochMilli(key.graceEndsAt),
                        key.replacementId,
                        null,
                        expires));
                if (key.graceEndsAt < end) {
                    events.add(state(
                            r,
                            key,
                            key.graceEndsAt,
                            key.credentialId,
                            key.displayPrefix,
                            CredentialState.EXPIRED,
                            Instant.ofEpochMilli(key.graceEndsAt),
                            key.replacementId,
                            null,
                            expires));
                }
            }
            if (key.revokedAt != Long.MAX_VALUE) {
                events.add(state(
                        r,
                        key,
                        key.revokedAt,
                        key.credentialId,
                        key.displayPrefix,
                        CredentialState.REVOKED,
                        null,
                        null,
                        null,
                        expires));
            }
        }
        events.sort(Comparator.comparing(CredentialStateChanged::occurredAt));
        return events;
    }

    private CredentialStateChanged state(
            SplittableRandom r,
            KeyPlan key,
            long at,
            String credentialId,
            String prefix,
            CredentialState status,
            Instant graceEndsAt,
            String replacementId,
            String rotatedFrom,
            Instant expiresAt) {
        return new CredentialStateChanged(
                new java.util.UUID(
                        (r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | Long.MIN_VALUE),
                Instant.ofEpochMilli(at),
                key.tenant.id,
                credentialId,
                CredentialType.API_KEY,
                "live",
                prefix,
                key.name,
                key.scopes,
                List.of(),
                expiresAt,
                status,
                graceEndsAt,
                replacementId,
                rotatedFrom);
    }

    /**
     * Produces every usage event in event-time order (ties broken by stream, so the order is
     * deterministic). Call once: it also records when each compromise really started.
     *
     * @return the number of events produced
     */
    public long generateUsage(Consumer<ApiUsageRecorded> sink) {
        return generateLabelledUsage((event, malicious) -> sink.accept(event));
    }

    /** What receives the usage, told which events the injected attackers made (for tests). */
    interface UsageSink {
        void accept(ApiUsageRecorded event, boolean malicious);
    }

    long generateLabelledUsage(UsageSink sink) {
        if (generated) {
            throw new IllegalStateException("usage is generated once per generator");
        }
        generated = true;
        PriorityQueue<UsageStream> queue = new PriorityQueue<>(
                Math.max(1, streams.size()),
                Comparator.comparingLong((UsageStream s) -> s.nextAt).thenComparingInt(s -> s.ordinal));
        for (UsageStream stream : streams) {
            if (stream.advance()) {
                queue.add(stream);
            }
        }
        long count = 0;
        while (!queue.isEmpty()) {
            UsageStream stream = queue.poll();
            sink.accept(stream.event(stream.nextAt), stream.malicious());
            count++;
            if (stream.advance()) {
                queue.add(stream);
            }
        }
        return count;
    }

    /** The ground truth, one line per credential id; complete once {@link #generateUsage} ran. */
    public List<GroundTruth> labels() {
        if (!generated) {
            throw new IllegalStateException("labels are known once usage has been generated");
        }
        Instant from = Instant.ofEpochMilli(start);
        Instant until = Instant.ofEpochMilli(end);
        List<GroundTruth> labels = new ArrayList<>();
        for (KeyPlan key : keys) {
            Instant keyUntil = key.replacementId == null ? until : Instant.ofEpochMilli(Math.min(end, key.graceEndsAt));
            if (key.compromise != null && key.firstMaliciousAt != Long.MAX_VALUE) {
                labels.add(new GroundTruth(
                        key.credentialId,
                        key.tenant.id,
                        key.behaviour,
                        LabelKind.COMPROMISE,
                        key.compromise.name(),
                        Instant.ofEpochMilli(key.firstMaliciousAt),
                        Instant.ofEpochMilli(key.lastMaliciousAt),
                        null,
                        from,
                        keyUntil,
                        key.changes));
            } else if (key.lookAlike != null) {
                labels.add(new GroundTruth(
                        key.credentialId,
                        key.tenant.id,
                        key.behaviour,
                        LabelKind.LOOK_ALIKE,
                        key.lookAlike.name(),
                        null,
                        null,
                        Instant.ofEpochMilli(key.injectionStart),
                        from,
                        keyUntil,
                        key.changes));
            } else {
                labels.add(new GroundTruth(
                        key.credentialId,
                        key.tenant.id,
                        key.behaviour,
                        LabelKind.BENIGN,
                        null,
                        null,
                        null,
                        null,
                        from,
                        keyUntil,
                        key.changes));
            }
            if (key.replacementId != null) {
                labels.add(new GroundTruth(
                        key.replacementId,
                        key.tenant.id,
                        key.behaviour,
                        LabelKind.BENIGN,
                        null,
                        null,
                        null,
                        null,
                        Instant.ofEpochMilli(key.rotatedAt),
                        until,
                        List.of("rotated-in")));
            }
        }
        return labels;
    }

    /** What {@link #writeTo} produced. */
    public record Summary(
            long usageEvents, int credentialEvents, int credentials, int compromised, int lookAlikes, long millis) {}

    /**
     * Writes {@code usage.jsonl.gz}, {@code credentials.jsonl.gz}, {@code control.jsonl} (announced
     * changes) and {@code labels.jsonl} into {@code dir}: one event per line, exactly as on the topics.
     */
    public Summary writeTo(Path dir) throws IOException {
        long began = System.nanoTime();
        Files.createDirectories(dir);
        List<CredentialStateChanged> states = credentialEvents();
        try (OutputStream out = gzip(dir.resolve("credentials.jsonl.gz"))) {
            for (CredentialStateChanged state : states) {
                writeLine(out, EventSerde.serialize(state));
            }
        }
        long count;
        try (OutputStream out = gzip(dir.resolve("usage.jsonl.gz"))) {
            count = generateUsage(event -> {
                try {
                    writeLine(out, EventSerde.serialize(event));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("control.jsonl")))) {
            for (DetectorControlChanged control : controlEvents()) {
                writeLine(out, EventSerde.serialize(control));
            }
        }
        List<GroundTruth> labels = labels();
        int compromised = 0;
        int lookAlikes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("labels.jsonl")))) {
            for (GroundTruth label : labels) {
                writeLine(out, EventSerde.mapper().writeValueAsBytes(label));
                compromised += label.kind() == LabelKind.COMPROMISE ? 1 : 0;
                lookAlikes += label.kind() == LabelKind.LOOK_ALIKE ? 1 : 0;
            }
        }
        return new Summary(
                count, states.size(), labels.size(), compromised, lookAlikes, (System.nanoTime() - began) / 1_000_000);
    }

    private static OutputStream gzip(Path file) throws IOException {
        // Fastest deflate level: the files are large and read once; speed matters more than size.
        return new BufferedOutputStream(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                },
                1 << 16);
    }

    private static void writeLine(OutputStream out, byte[] json) throws IOException {
        out.write(json);
        out.write('\n');
    }

    // ------------------------------------------------------------------ small helpers

    /** SplitMix64 of a seed and a salt: independent, reproducible random streams per purpose. */
    static long mix(long seed, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String base62(SplittableRandom r, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(BASE62.charAt(r.nextInt(62)));
        }
        return s.toString();
    }

    private static long between(SplittableRandom r, long from, long to) {
        return to <= from ? from : from + (long) (r.nextDouble() * (to - from));
    }

    private static double logUniform(SplittableRandom r, double min, double max) {
        return Math.exp(Math.log(min) + r.nextDouble() * (Math.log(max) - Math.log(min)));
    }

    private static int pick(SplittableRandom r, double[] weights) {
        double u = r.nextDouble();
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static int[] subset(SplittableRandom r, int[] from, int n) {
        int[] out = new int[Math.min(n, from.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from[r.nextInt(from.length)];
        }
        return out;
    }

    private static int[] permutation(SplittableRandom r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static ZoneId zoneOf(Tenant t) {
        return t.zoneId;
    }

    private static LocalDate localDate(long time, Tenant t) {
        return Instant.ofEpochMilli(time).atZone(zoneOf(t)).toLocalDate();
    }
}
