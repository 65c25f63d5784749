package io.watchword.revocation.rest;

import io.watchword.events.v1.VerifierStatusReported;
import io.watchword.kit.auth.AdminAuthenticator;
import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminScope;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.fleet.FleetView;
import io.watchword.revocation.fleet.VerifierFleet;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * The verifier fleet. Verifiers are platform infrastructure shared by every tenant, so any admin
 * with {@code revocations:read} may see which verifiers exist and where they stand — that is what
 * their revocations' receipts are counted against — but where they run ({@code host},
 * {@code startedAt}) is shown to platform admins only (decision 0167).
 */
@Path("/v1/verifiers")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {

    private final VerifierFleet fleet;
    private final AdminAuthenticator auth;
    private final RevocationConfig config;

    @Inject
    public FleetResource(VerifierFleet fleet, AdminAuthenticator auth, RevocationConfig config) {
        this.fleet = fleet;
        this.auth = auth;
        this.config = config;
    }

    @AdminScope("revocations:read")
    @GET
    public FleetView list(@Context HttpHeaders headers) {
        AdminPrincipal admin = auth.require(headers, "revocations:read");
        long now = System.currentTimeMillis();
        List<FleetView.VerifierView> views = new ArrayList<>();
        int live = 0;
        int stale = 0;
        int lost = 0;
        for (VerifierFleet.Verifier v : fleet.known()) {
            VerifierStatusReported s = v.status();
            boolean isLive = fleet.isLive(v, now);
            live += isLive ? 1 : 0;
            stale += isLive && s.stale() ? 1 : 0;
            FleetView.State state =
                    isLive ? FleetView.State.LIVE : s.leaving() ? FleetView.State.LEAVING : FleetView.State.LOST;
            lost += state == FleetView.State.LOST ? 1 : 0;
            views.add(new FleetView.VerifierView(
                    s.instanceId(),
                    s.service(),
                    admin.platform() ? s.host() : null,
                    admin.platform() ? s.startedAt() : null,
                    v.heardAt(),
                    state,
                    isLive,
                    s.leaving(),
                    s.stale(),
                    s.staleSince(),
                    s.maxStalenessMillis(),
                    s.revocationOffsets() == null ? List.of() : s.revocationOffsets(),
                    s.credentialStateOffsets() == null ? List.of() : s.credentialStateOffsets()));
        }
        return new FleetView(fleet.ready(), config.fleet().ttl().toSeconds(), live, stale, lost, views);
    }
}
