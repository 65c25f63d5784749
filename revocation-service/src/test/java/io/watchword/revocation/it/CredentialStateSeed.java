package io.watchword.revocation.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.watchword.core.credential.CredentialIds;
import io.watchword.events.v1.CredentialType;
import io.watchword.testsupport.Infrastructure;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A brand-new revocation-service deployment: before the service starts, the issuer has published
 * a credential's state (an API key and an admin key the issuer itself was never given, so only
 * the topic can tell); the service then starts with an empty database and a consumer group that
 * never existed. Runs after {@code WatchwordTestResource} (higher {@link #order()}), so its
 * database and group settings win.
 */
public class CredentialStateSeed implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String suffix =
                UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        String tenant = "t" + suffix;
        String apiKey = CredentialIds.newId("key");
        String adminKey = CredentialIds.newId("adm");
        Infrastructure infra = Infrastructure.shared();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(CredentialStates.record(CredentialStates.active(tenant, apiKey, CredentialType.API_KEY)))
                    .get(30, TimeUnit.SECONDS);
            producer.send(CredentialStates.record(CredentialStates.active(tenant, adminKey, CredentialType.ADMIN_KEY)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot seed the credential-state topic", e);
        }
        Map<String, String> config = new HashMap<>(infra.serviceConfig("revocation_rebuild_" + suffix));
        config.put("watchword.revocation.consumer.group-id", "revocation-rebuild-" + suffix);
        config.put("watchword.test.seeded.tenant", tenant);
        config.put("watchword.test.seeded.api-key", apiKey);
        config.put("watchword.test.seeded.admin-key", adminKey);
        return config;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void stop() {
        // The seeded records stay on the shared broker, like any issuer's.
    }
}
