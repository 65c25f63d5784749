package io.watchword.issuer.token.rest;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.token.port.AuditGateway;
import io.watchword.issuer.token.service.InMemoryAttempt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Answers a token request on the event loop when everything it needs is in memory (decision 0281):
 * the request runs there with an {@link InMemoryAttempt}, and the answer is sent once its audit
 * records are durable, exactly as on the blocking path, but without a worker thread waiting for
 * the group commit. A request that needs the database (a key not in the cache) runs again from the
 * start, blocking, on a worker thread.
 */
@ApplicationScoped
public class InMemoryFirst {

    private final AuditGateway audit;

    public InMemoryFirst(AuditGateway audit) {
        this.audit = audit;
    }

    /**
     * @param request builds the answer; given an attempt it must not block (it runs on the event
     *     loop), given null it is the blocking path
     */
    public CompletionStage<Response> answer(Function<InMemoryAttempt, Response> request) {
        Context loop = Vertx.currentContext();
        if (loop == null || !Context.isOnEventLoopThread()) {
            return CompletableFuture.completedFuture(request.apply(null));
        }
        InMemoryAttempt attempt = new InMemoryAttempt();
        Response response = null;
        RuntimeException refusal = null;
        try {
            response = request.apply(attempt);
        } catch (InMemoryAttempt.WouldBlock needsDatabase) {
            return onWorker(request);
        } catch (RuntimeException e) {
            // A refusal thrown for an exception mapper: like an answer, it waits for its audit.
            refusal = e;
        }
        List<AuditRecorded> records = attempt.records();
        if (records.isEmpty()) {
            return refusal == null
                    ? CompletableFuture.completedFuture(response)
                    : CompletableFuture.failedFuture(refusal);
        }
        CompletableFuture<Void> durable = records.size() == 1
                ? audit.recordAsync(records.get(0))
                : CompletableFuture.allOf(
                        records.stream().map(audit::recordAsync).toArray(CompletableFuture[]::new));
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Response answered = response;
        RuntimeException refused = refusal;
        // The audit writer completes the future: the answer goes back to the request's event loop.
        durable.whenComplete((done, failure) -> loop.runOnContext(ignored -> {
            if (failure != null) {
                answer.completeExceptionally(failure instanceof CompletionException c ? c.getCause() : failure);
            } else if (refused != null) {
                answer.completeExceptionally(refused);
            } else {
                answer.complete(answered);
            }
        }));
        return answer;
    }

    private static CompletionStage<Response> onWorker(Function<InMemoryAttempt, Response> request) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        // Not supplyAsync: it would wrap a refusal in a CompletionException the mappers do not know.
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                answer.complete(request.apply(null));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }
}
