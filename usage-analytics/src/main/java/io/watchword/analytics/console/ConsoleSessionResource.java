package io.watchword.analytics.console;

import io.watchword.kit.auth.AdminPrincipal;
import io.watchword.kit.auth.AdminRequestContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;

/** Who the console is signed in as: the console shows only what these roles may do. */
@Path("/v1/console/session")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleSessionResource {

    @Inject
    AdminRequestContext caller;

    public record Session(String credentialId, String tenantId, boolean platform, List<String> roles) {}

    @GET
    @ConsoleAccess({ConsoleRole.ANALYST, ConsoleRole.OPERATOR, ConsoleRole.AUDITOR})
    public Session session() {
        AdminPrincipal who = caller.principal();
        Set<ConsoleRole> roles = ConsoleRole.of(who);
        return new Session(
                who.credentialId(),
                who.tenantId(),
                who.platform(),
                roles.stream()
                        .map(r -> r.name().toLowerCase(java.util.Locale.ROOT))
                        .toList());
    }
}
