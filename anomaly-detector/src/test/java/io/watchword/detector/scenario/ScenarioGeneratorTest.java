package io.watchword.detector.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.EventSerde;
import io.watchword.events.EventType;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import io.watchword.events.v1.CredentialStateChanged;
import io.watchword.events.v1.DetectorControlChanged;
import io.watchword.events.v1.RefusalReason;
import io.watchword.events.v1.UsageOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioGeneratorTest {

    /** Small but complete: every compromise and look-alike type, two days. */
    private static final ScenarioConfig SMALL = new ScenarioConfig(7, 40, 2, ScenarioConfig.DEFAULT_START, 0.2, 1);

    @TempDir
    static Path dir;

    private static List<String> usageLines;
    private static List<String> credentialLines;
    private static List<ApiUsageRecorded> usage;
    private static List<GroundTruth> labels;

    @BeforeAll
    static void writeOnce() throws IOException {
        new ScenarioGenerator(SMALL).writeTo(dir);
        usageLines = lines(dir.resolve("usage.jsonl.gz"));
        credentialLines = lines(dir.resolve("credentials.jsonl.gz"));
        usage = new ArrayList<>();
        for (String line : usageLines) {
            // By the CloudEvents type, as a consumer of the topic reads it.
            usage.add((ApiUsageRecorded)
                    EventSerde.deserialize(bytes(line), EventType.API_USAGE_RECORDED.cloudEventType()));
        }
        labels = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("labels.jsonl"))) {
            labels.add(EventSerde.mapper().readValue(line, GroundTruth.class));
        }
    }

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        assertThat(everything(SMALL)).isEqualTo(everything(SMALL));
        ScenarioConfig other = new ScenarioConfig(8, 40, 2, ScenarioConfig.DEFAULT_START, 0.2, 1);
        assertThat(everything(other)).isNotEqualTo(everything(SMALL));
    }

    @Test
    void theFilesHoldTheSameEventsAsTheGeneratorProduces() {
        List<Object> fromFiles = new ArrayList<>();
        credentialLines.forEach(
                line -> fromFiles.add(EventSerde.deserialize(bytes(line), CredentialStateChanged.class)));
        fromFiles.addAll(usage);
        fromFiles.addAll(labels);
        assertThat(fromFiles).isEqualTo(everything(SMALL));
    }

    @Test
    void everyLineReadsBackThroughTheSharedSerdeInEventTimeOrder() {
        assertThat(usageLines).hasSizeGreaterThan(2_000);
        Instant previous = Instant.MIN;
        Set<String> known = new HashSet<>();
        for (String line : credentialLines) {
            CredentialStateChanged state = (CredentialStateChanged)
                    EventSerde.deserialize(bytes(line), EventType.CREDENTIAL_STATE_CHANGED.cloudEventType());
            assertThat(state.occurredAt()).isAfterOrEqualTo(previous);
            previous = state.occurredAt();
            known.add(state.credentialId());
        }
        previous = Instant.MIN;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < usageLines.size(); i++) {
            String line = usageLines.get(i);
            ApiUsageRecorded usage = ScenarioGeneratorTest.usage.get(i);
            if (usage.occurredAt().isBefore(previous)) {
                problems.add("out of order: " + line);
            }
            previous = usage.occurredAt();
            if (!known.contains(usage.credentialId())) {
                problems.add("no credential state: " + line);
            }
            if (usage.occurredAt().isBefore(SMALL.start())
                    || !usage.occurredAt().isBefore(SMALL.end())) {
                problems.add("outside the window: " + line);
            }
            // What the client library writes: the same bytes after a round trip through the serde.
            if (!new String(EventSerde.serialize(usage), StandardCharsets.UTF_8).equals(line)) {
                problems.add("not the serde's bytes: " + line);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(labels).extracting(GroundTruth::credentialId).containsExactlyInAnyOrderElementsOf(known);
    }

    @Test
    void everyInjectedTypeIsLabelledAndTheLabelsMatchTheAttackersEvents() {
        Map<String, Instant[]> malicious = new HashMap<>();
        Map<String, List<ApiUsageRecorded>> attacks = new HashMap<>();
        Map<String, Instant> firstAny = new HashMap<>();
        ScenarioGenerator generator = new ScenarioGenerator(SMALL);
        generator.generateLabelledUsage((event, isMalicious) -> {
            firstAny.putIfAbsent(event.credentialId(), event.occurredAt());
            if (isMalicious) {
                Instant[] span = malicious.computeIfAbsent(
                        event.credentialId(), k -> new Instant[] {event.occurredAt(), event.occurredAt()});
                span[1] = event.occurredAt();
                attacks.computeIfAbsent(event.credentialId(), k -> new ArrayList<>())
                        .add(event);
            }
        });
        List<GroundTruth> generated = generator.labels();
        assertThat(generated).isEqualTo(labels);

        Set<CompromiseType> compromises = EnumSet.noneOf(CompromiseType.class);
        Set<LookAlikeType> lookAlikes = EnumSet.noneOf(LookAlikeType.class);
        for (GroundTruth label : generated) {
            if (label.kind() == LabelKind.COMPROMISE) {
                compromises.add(CompromiseType.valueOf(label.type()));
                Instant[] span = malicious.get(label.credentialId());
                assertThat(span).as(label.credentialId()).isNotNull();
                assertThat(label.firstMaliciousAt()).isEqualTo(span[0]);
                assertThat(label.lastMaliciousAt()).isEqualTo(span[1]);
                checkAttack(label, attacks.get(label.credentialId()), firstAny.get(label.credentialId()));
            } else {
                assertThat(malicious).doesNotContainKey(label.credentialId());
                if (label.kind() == LabelKind.LOOK_ALIKE) {
                    lookAlikes.add(LookAlikeType.valueOf(label.type()));
                    assertThat(label.changeAt()).isBetween(SMALL.start(), SMALL.end());
                }
            }
        }
        assertThat(compromises).containsExactlyInAnyOrder(CompromiseType.values());
        assertThat(lookAlikes).containsExactlyInAnyOrder(LookAlikeType.values());
        assertThat(generated.stream().filter(l -> l.kind() == LabelKind.COMPROMISE))
                .hasSize(CompromiseType.values().length);
    }

    private static void checkAttack(GroundTruth label, List<ApiUsageRecorded> events, Instant firstUse) {
        switch (CompromiseType.valueOf(label.type())) {
            case SCOPE_PROBING ->
                assertThat(events)
                        .anyMatch(e -> e.status() == 403 && e.refusalReason() == RefusalReason.INSUFFICIENT_SCOPE);
            case PASTED_IN_PUBLIC ->
                assertThat(events.stream()
                                .map(ApiUsageRecorded::clientIp)
                                .distinct()
                                .count())
                        .isGreaterThanOrEqualTo(20);
            case DORMANT_KEY_REUSED -> assertThat(firstUse).isEqualTo(label.firstMaliciousAt());
            case REVOKED_KEY_USED ->
                assertThat(events)
                        .allMatch(e -> e.outcome() == UsageOutcome.REFUSED
                                && (e.refusalReason() == RefusalReason.REVOKED
                                        || e.refusalReason() == RefusalReason.ROTATED_OUT)
                                && e.status() == 401);
            case BULK_EXFILTRATION -> assertThat(events).allMatch(e -> e.responseBytes() > 0);
            case LOW_AND_SLOW ->
                assertThat(events).allMatch(e -> Catalogue.ROUTES.stream()
                        .anyMatch(r -> r.sensitive() && r.template().equals(e.route())));
            default -> assertThat(events).isNotEmpty();
        }
    }

    @Test
    void announcedChangesAreControlRecordsCoveringTheChange() throws IOException {
        List<DetectorControlChanged> controls = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("control.jsonl"))) {
            controls.add(EventSerde.deserialize(bytes(line), DetectorControlChanged.class));
        }
        List<GroundTruth> announced = labels.stream()
                .filter(label -> label.changes().contains("announced"))
                .toList();
        assertThat(announced).isNotEmpty();
        assertThat(controls).hasSameSizeAs(announced);
        for (GroundTruth label : announced) {
            assertThat(label.kind()).isEqualTo(LabelKind.LOOK_ALIKE);
            assertThat(controls).anySatisfy(control -> {
                assertThat(control.credentialId()).isEqualTo(label.credentialId());
                assertThat(control.tenantId()).isEqualTo(label.tenantId());
                assertThat(control.occurredAt()).isBefore(control.changeFrom());
                assertThat(label.changeAt()).isBetween(control.changeFrom(), control.changeUntil());
            });
        }
    }

    @Test
    void aRevokedOrRotatedOutKeyIsNoLongerUsableWhenTheAttackerUsesIt() {
        Map<String, CredentialStateChanged> latestBefore = new HashMap<>();
        List<CredentialStateChanged> states = new ArrayList<>();
        for (String line : credentialLines) {
            states.add(EventSerde.deserialize(bytes(line), CredentialStateChanged.class));
        }
        for (GroundTruth label : labels) {
            if (!CompromiseType.REVOKED_KEY_USED.name().equals(label.type())) {
                continue;
            }
            for (CredentialStateChanged state : states) {
                if (state.credentialId().equals(label.credentialId())
                        && !state.occurredAt().isAfter(label.firstMaliciousAt())) {
                    latestBefore.put(label.credentialId(), state);
                }
            }
            CredentialStateChanged state = latestBefore.get(label.credentialId());
            assertThat(state.status()).isIn(CredentialState.REVOKED, CredentialState.EXPIRED);
            assertThat(state.usableAt(label.firstMaliciousAt())).isFalse();
        }
    }

    /** Credential states, usage and labels of a fresh generator, in order. */
    private static List<Object> everything(ScenarioConfig config) {
        ScenarioGenerator generator = new ScenarioGenerator(config);
        List<Object> all = new ArrayList<>(generator.credentialEvents());
        generator.generateUsage(all::add);
        all.addAll(generator.labels());
        return all;
    }

    private static List<String> lines(Path gz) throws IOException {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            return in.lines().toList();
        }
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
