package io.watchword.detector.scenario;

import java.time.ZoneId;
import java.time.zone.ZoneRules;

/** One tenant of the scenario: its zone, networks, client library and tenant-wide events. */
final class Tenant {

    final int index;
    final String id;
    final ZoneId zoneId;
    final ZoneRules zone;
    /** The cloud region its services run in, and the NAT egress addresses they leave from. */
    final Net region;

    final int[] egress;
    /** Another region of the same cloud: DR failover and region moves go there. */
    final int[] otherRegionEgress;

    final int[] officeIps;
    /** The ISP most of its developers have at home. */
    final Net homeIsp;

    final Net[] carriers;
    final String[] library;
    final int libraryVersion;
    /** Tenant-wide client upgrade to the next version ({@code Long.MAX_VALUE}: none in the window). */
    final long upgradeAt;

    final String appName;
    /** An incident: its services answer 503 and clients retry (none: both {@code Long.MAX_VALUE}). */
    final long incidentStart;

    final long incidentEnd;
    /** DR failover window (look-alike), or {@code Long.MAX_VALUE}. */
    long failoverStart = Long.MAX_VALUE;

    long failoverEnd = Long.MAX_VALUE;

    Tenant(
            int index,
            String id,
            ZoneId zone,
            Net region,
            int[] egress,
            int[] otherRegionEgress,
            int[] officeIps,
            Net homeIsp,
            Net[] carriers,
            String[] library,
            int libraryVersion,
            long upgradeAt,
            String appName,
            long incidentStart,
            long incidentEnd) {
        this.index = index;
        this.id = id;
        this.zoneId = zone;
        this.zone = zone.getRules();
        this.region = region;
        this.egress = egress;
        this.otherRegionEgress = otherRegionEgress;
        this.officeIps = officeIps;
        this.homeIsp = homeIsp;
        this.carriers = carriers;
        this.library = library;
        this.libraryVersion = libraryVersion;
        this.upgradeAt = upgradeAt;
        this.appName = appName;
        this.incidentStart = incidentStart;
        this.incidentEnd = incidentEnd;
    }

    /** The server-side client's User-Agent at {@code time}, for a key that upgrades {@code lag} later. */
    String libraryAgent(long time, long lag) {
        int version = libraryVersion;
        if (upgradeAt != Long.MAX_VALUE && time >= upgradeAt + lag) {
            version++;
        }
        return library[0] + "/" + library[version];
    }

    boolean inIncident(long time) {
        return time >= incidentStart && time < incidentEnd;
    }

    boolean inFailover(long time) {
        return time >= failoverStart && time < failoverEnd;
    }

    /** Milliseconds since the local midnight of the tenant's zone, and the local day of the week. */
    long localMillis(long time) {
        return time + zone.getOffset(java.time.Instant.ofEpochMilli(time)).getTotalSeconds() * 1000L;
    }
}
