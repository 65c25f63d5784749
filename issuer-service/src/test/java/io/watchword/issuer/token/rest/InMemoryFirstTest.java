package io.watchword.issuer.token.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.watchword.events.v1.AuditOutcome;
import io.watchword.events.v1.AuditRecorded;
import io.watchword.issuer.audit.AuditUnavailableException;
import io.watchword.issuer.token.port.AuditGateway;
import io.watchword.issuer.token.service.InMemoryAttempt;
import io.watchword.issuer.token.service.TokenTestSupport;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one class that answers token requests on the event loop (decision 0281), on a real Vert.x
 * event loop with a gateway whose durability the test decides: the answer never leaves before the
 * audit is durable, a failed audit refuses, and a request that needs the database runs again on a
 * worker.
 */
class InMemoryFirstTest {

    private final Vertx vertx = Vertx.vertx();
    private final ControlledAudit audit = new ControlledAudit();
    private final InMemoryFirst inMemoryFirst = new InMemoryFirst(audit);

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theAnswerWaitsUntilTheAuditIsDurableAndIsSentFromTheEventLoop() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<Response> answer = onEventLoop(attempt -> {
            threads.add(Thread.currentThread().getName());
            TokenTestSupport.record(attempt, audited(AuditOutcome.SUCCESS));
            return Response.ok("token").build();
        });

        assertThat(audit.pending).hasSize(1);
        Thread.sleep(50);
        assertThat(answer).isNotDone();

        // The audit writer's thread makes it durable; the answer goes back to the event loop.
        // Waited for through a second future: a thread blocked in answer.get() may itself run
        // answer's callbacks when it wakes (CompletableFuture helps complete), which would hide
        // the thread that completed it.
        CompletableFuture<String> completedOn = new CompletableFuture<>();
        answer.whenComplete(
                (r, e) -> completedOn.complete(Thread.currentThread().getName()));
        new Thread(() -> audit.pending.get(0).complete(null), "audit-writer").start();

        assertThat(completedOn.get(10, TimeUnit.SECONDS)).contains("eventloop");
        assertThat(answer.getNow(null).getEntity()).isEqualTo("token");
        assertThat(threads).singleElement().asString().contains("eventloop");
    }

    @Test
    void anAuditThatCannotBeMadeDurableRefusesTheAnswer() throws Exception {
        CompletableFuture<Response> answer = onEventLoop(attempt -> {
            TokenTestSupport.record(attempt, audited(AuditOutcome.SUCCESS));
            return Response.ok("token").build();
        });
        audit.pending.get(0).completeExceptionally(new AuditUnavailableException("down", null));

        assertThat(answer)
                .failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(AuditUnavailableException.class);
    }

    @Test
    void aRefusalThrownForTheMappersAlsoWaitsForItsAudit() throws Exception {
        IllegalStateException refusal = new IllegalStateException("refused");
        CompletableFuture<Response> answer = onEventLoop(attempt -> {
            TokenTestSupport.record(attempt, audited(AuditOutcome.DENIED));
            throw refusal;
        });
        Thread.sleep(50);
        assertThat(answer).isNotDone();

        audit.pending.get(0).complete(null);

        assertThat(answer)
                .failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isSameAs(refusal);
    }

    @Test
    void aRequestThatNeedsTheDatabaseRunsAgainFromTheStartOnAWorker() throws Exception {
        List<Boolean> attempts = new CopyOnWriteArrayList<>();
        List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
        CompletableFuture<Response> answer = onEventLoop(attempt -> {
            attempts.add(attempt != null);
            onEventLoop.add(Context.isOnEventLoopThread());
            if (attempt != null) {
                throw TokenTestSupport.needsDatabase(attempt);
            }
            return Response.ok("from the database").build();
        });

        assertThat(answer.get(10, TimeUnit.SECONDS).getEntity()).isEqualTo("from the database");
        assertThat(attempts).containsExactly(true, false);
        assertThat(onEventLoop).containsExactly(true, false);
        assertThat(audit.pending).isEmpty();
    }

    private CompletableFuture<Response> onEventLoop(Function<InMemoryAttempt, Response> request) throws Exception {
        CompletableFuture<CompletionStage<Response>> started = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> started.complete(inMemoryFirst.answer(request)));
        return started.get(10, TimeUnit.SECONDS).toCompletableFuture();
    }

    private static AuditRecorded audited(AuditOutcome outcome) {
        return TokenTestSupport.auditRecord(outcome);
    }

    private static final class ControlledAudit implements AuditGateway {
        final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();

        @Override
        public void record(AuditRecorded event) {
            throw new AssertionError("the in-memory path must not block on the audit");
        }

        @Override
        public CompletableFuture<Void> recordAsync(AuditRecorded event) {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            pending.add(durable);
            return durable;
        }
    }
}
