package io.watchword.revocation.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.watchword.events.Topics;
import io.watchword.revocation.config.RevocationConfig;
import io.watchword.revocation.service.AlertResponseService;
import io.watchword.revocation.service.CredentialEventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/** Starts and stops the two consumers: credentials (to know them) and alerts (to respond). */
@ApplicationScoped
public class ConsumerManager {

    private final KafkaClients kafka;
    private final DeadLetterPublisher deadLetters;
    private final CredentialEventHandler credentialHandler;
    private final AlertResponseService alertHandler;
    private final RevocationConfig config;
    private RecordLoop credentials;
    private RecordLoop alerts;

    @Inject
    public ConsumerManager(
            KafkaClients kafka,
            DeadLetterPublisher deadLetters,
            CredentialEventHandler credentialHandler,
            AlertResponseService alertHandler,
            RevocationConfig config) {
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.credentialHandler = credentialHandler;
        this.alertHandler = alertHandler;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        credentials = new RecordLoop(
                "credentials-consumer",
                kafka.consumer("credentials"),
                Topics.CREDENTIALS.name(),
                credentialHandler::handle,
                deadLetters,
                config.consumer().retryBackoff());
        alerts = new RecordLoop(
                "alerts-consumer",
                kafka.consumer("alerts"),
                Topics.ALERTS.name(),
                alertHandler::handle,
                deadLetters,
                config.consumer().retryBackoff());
        credentials.start();
        alerts.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        for (RecordLoop loop : loops()) {
            if (loop != null) {
                loop.stop();
            }
        }
    }

    public List<RecordLoop> loops() {
        return java.util.Arrays.asList(credentials, alerts);
    }
}
