package io.watchword.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchword.events.EventSerde;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.ApiUsageRecorded;
import io.watchword.events.v1.CredentialState;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestTest {

    @TempDir
    Path dir;

    @Test
    void backtestOverGzippedFilesAlertsOnTheThiefAtTheEventTimeItAppearedAndSkipsBadLines() throws Exception {
        Instant start = Instant.parse("2026-11-30T10:00:00Z");
        // Any string is a credential id in a backtest.
        String stolen = "scenario-key-7";
        String quiet = "scenario-key-8";
        List<String> lines = new ArrayList<>();
        List<ApiUsageRecorded> events = new ArrayList<>(TestEvents.ownerThenThief(stolen, start));
        for (int i = 0; i < 65; i++) {
            events.add(TestEvents.owner(quiet, start.plusSeconds(2L * i + 1), i));
        }
        events.sort(java.util.Comparator.comparing(ApiUsageRecorded::occurredAt));
        for (ApiUsageRecorded e : events) {
            lines.add(TestEvents.json(e));
        }
        lines.add(30, "{not json");
        lines.add(31, "{\"eventId\":\"x\"}");
        Path usage = dir.resolve("usage.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(usage))) {
            out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        }
        Path credentials = dir.resolve("credentials.jsonl");
        Files.writeString(
                credentials,
                TestEvents.json(TestEvents.state(stolen, start.minusSeconds(60), CredentialState.ACTIVE)) + "\n"
                        + TestEvents.json(TestEvents.state(quiet, start.minusSeconds(60), CredentialState.ACTIVE))
                        + "\n");
        Path alerts = dir.resolve("out/alerts.jsonl");

        DetectorMain.BacktestResult result = DetectorMain.backtest(
                DetectorConfig.defaults().with("parallelism", "1"),
                usage.toString(),
                credentials.toString(),
                null,
                alerts);

        List<String> written = Files.readAllLines(alerts);
        assertThat(written).hasSize((int) result.alerts()).isNotEmpty();
        List<AnomalyDetected> parsed = written.stream()
                .map(l -> EventSerde.deserialize(l.getBytes(StandardCharsets.UTF_8), AnomalyDetected.class))
                .toList();
        assertThat(parsed).allSatisfy(a -> assertThat(a.credentialId()).isEqualTo(stolen));
        AnomalyDetected first = parsed.get(0);
        // The first thief request (start + 120 s) is the event time the live job would alert at.
        assertThat(first.occurredAt()).isEqualTo(start.plusSeconds(120));
        assertThat(first.findings())
                .extracting(f -> f.detector())
                .contains("new-source-network", "new-client", "route-outside-profile");
        assertThat(first.samples()).isNotEmpty();
        assertThat(first.tenantId()).isEqualTo(TestEvents.TENANT);
    }
}
