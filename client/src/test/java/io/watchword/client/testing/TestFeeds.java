package io.watchword.client.testing;

import io.watchword.core.credential.ApiKeyFormat;
import io.watchword.events.Topics;
import io.watchword.events.kafka.EventRecords;
import io.watchword.events.v1.CredentialRevocationChanged;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.CredentialType;
import io.watchword.events.v1.RevocationReason;
import io.watchword.events.v1.RevocationStatus;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes credential-state and revocation records the way the issuer and the revocation-service
 * do (the shared-schemas adapters, CloudEvents headers; revocations keyed {@code <tenant>/<id>}),
 * and makes well-formed API keys, for the tests of the client and of services that embed it.
 */
public final class TestFeeds implements AutoCloseable {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KafkaProducer<String, byte[]> producer;

    public TestFeeds(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props);
    }

    /** A new API key with a valid checksum, {@code ww_live_…}. */
    public static String newApiKey() {
        StringBuilder body = new StringBuilder("ww_live_");
        for (int i = 0; i < 32; i++) {
            body.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return ApiKeyFormat.withChecksum(body.toString());
    }

    public static String newKeyId() {
        return "key_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    /** A state with every field a verifier reads; change the ones a test is about with the wither. */
    public static CredentialStateChanged state(
            String tenant, String keyId, CredentialState status, Instant expiresAt, Instant graceEndsAt) {
        return state(tenant, keyId, status, expiresAt, graceEndsAt, List.of(), List.of("orders:read"));
    }

    public static CredentialStateChanged state(
            String tenant,
            String keyId,
            CredentialState status,
            Instant expiresAt,
            Instant graceEndsAt,
            List<String> allowedCidrs,
            List<String> scopes) {
        return new CredentialStateChanged(
                UUID.randomUUID(),
                Instant.now(),
                tenant,
                keyId,
                CredentialType.API_KEY,
                "live",
                "ww_live_test0000",
                "test key",
                scopes,
                allowedCidrs,
                expiresAt,
                status,
                graceEndsAt,
                status == CredentialState.ROTATED ? newKeyId() : null,
                null);
    }

    public static CredentialRevocationChanged revocation(String tenant, String credentialId, RevocationStatus status) {
        return new CredentialRevocationChanged(
                UUID.randomUUID(),
                Instant.now(),
                tenant,
                credentialId,
                CredentialType.API_KEY,
                null,
                status,
                RevocationReason.COMPROMISED,
                "adm_test",
                null,
                Instant.now().plusSeconds(3600));
    }

    /** Publishes a state on {@code watchword.credential-state.v1}, keyed by credential id. */
    public void publish(CredentialStateChanged state) {
        send(EventRecords.toProducerRecord(state, "/watchword/issuer-service"));
    }

    /** Publishes a revocation on {@code watchword.revocations.v1}, keyed {@code <tenant>/<id>} (contract 3). */
    public void publish(CredentialRevocationChanged revocation) {
        ProducerRecord<String, byte[]> record =
                EventRecords.toProducerRecord(revocation, "/watchword/revocation-service");
        send(new ProducerRecord<>(
                record.topic(),
                null,
                revocation.tenantId() + "/" + revocation.credentialId(),
                record.value(),
                record.headers()));
    }

    /** Any bytes under any key on a topic: a malformed record. */
    public void publishRaw(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    public static String stateTopic() {
        return Topics.CREDENTIAL_STATE.name();
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
