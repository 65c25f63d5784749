package io.watchword.example.rest;

import io.watchword.client.jaxrs.RequiresScope;
import io.watchword.client.jaxrs.WatchwordSecurityContext;
import io.watchword.client.verify.VerifiedPrincipal;
import io.watchword.core.problem.Problem;
import io.watchword.core.problem.ProblemType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny orders API. Each tenant sees only its own orders: the tenant comes from the verified
 * credential, never from the request.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    private static final int MAX_ORDERS_PER_TENANT = 1000;

    private final Map<String, List<Order>> orders = new ConcurrentHashMap<>();

    @GET
    @RequiresScope("orders:read")
    public List<Order> list(@Context SecurityContext security) {
        return orders.getOrDefault(caller(security).tenantId(), List.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("orders:write")
    public Response create(NewOrder body, @Context SecurityContext security) {
        if (body == null
                || body.item() == null
                || body.item().isBlank()
                || body.item().length() > 200) {
            return problem(400, "Invalid order", "item is required (1-200 characters)");
        }
        int quantity = body.quantity() == null ? 1 : body.quantity();
        if (quantity < 1 || quantity > 10_000) {
            return problem(400, "Invalid order", "quantity must be between 1 and 10000");
        }
        VerifiedPrincipal caller = caller(security);
        List<Order> mine = orders.computeIfAbsent(caller.tenantId(), t -> new CopyOnWriteArrayList<>());
        if (mine.size() >= MAX_ORDERS_PER_TENANT) {
            return problem(409, "Too many orders", "this demo keeps at most " + MAX_ORDERS_PER_TENANT + " orders");
        }
        Order order = new Order(
                "ord_" + UUID.randomUUID().toString().replace("-", ""),
                caller.tenantId(),
                body.item(),
                quantity,
                caller.credentialId(),
                Instant.now());
        mine.add(order);
        return Response.created(URI.create("/orders/" + order.id()))
                .entity(order)
                .build();
    }

    private static VerifiedPrincipal caller(SecurityContext security) {
        return ((WatchwordSecurityContext) security).verifiedPrincipal();
    }

    /** The Watchword vocabulary for the service's own refusals too: one kind of error answer. */
    private static Response problem(int status, String title, String detail) {
        ProblemType type = ProblemType.forStatus(status);
        return Response.status(status)
                .type(ProblemType.MEDIA_TYPE)
                .entity(Problem.of(type, title + ": " + detail + ".", null).toJson())
                .build();
    }
}
