package io.watchword.issuer.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchword.core.problem.FieldError;
import io.watchword.core.problem.ProblemException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile {@code limits} and {@code throttle} objects of {@code PATCH /v1/keys/{id}}
 * (issue 11 §3): negatives, zero, huge and overflowing numbers, fractions, wrong types, durations
 * and instants out of range or unparseable, unknown fields. Each is either accepted within the
 * configured bounds or refused as a 400 naming fields, never another exception, and no refusal
 * echoes the value sent (0110). Deploy's HostileInputTest sends the PATCH itself over the wire.
 */
class KeyLimitPolicyHostileTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MARK = "zzMARK";
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private final KeyLimitPolicy policy = new KeyLimitPolicy(new DefaultLimits());
    private final Random random = new Random(11_212);

    private final List<Supplier<JsonNode>> hostileValues = List.of(
            () -> NODES.numberNode(-1),
            () -> NODES.numberNode(0),
            () -> NODES.numberNode(Long.MIN_VALUE),
            () -> NODES.numberNode(Long.MAX_VALUE),
            () -> NODES.numberNode((long) Integer.MAX_VALUE + 1),
            () -> NODES.numberNode(new BigInteger("9".repeat(60))),
            () -> NODES.numberNode(new BigDecimal("1e400")),
            () -> NODES.numberNode(1.5),
            () -> NODES.numberNode(-0.0),
            () -> NODES.textNode("12"),
            () -> NODES.textNode(MARK + "x".repeat(random.nextInt(5_000))),
            () -> NODES.textNode(""),
            () -> NODES.booleanNode(true),
            () -> NODES.nullNode(),
            () -> NODES.arrayNode().add(5),
            () -> NODES.objectNode().put(MARK, 1),
            () -> NODES.textNode("P-1D"),
            () -> NODES.textNode("PT0S"),
            () -> NODES.textNode("P8D"),
            () -> NODES.textNode("P106751991167301D"),
            () -> NODES.textNode("PT" + "9".repeat(30) + "H"),
            () -> NODES.textNode("PT1H" + MARK),
            () -> NODES.textNode("+1000000000-12-31T23:59:59Z"),
            () -> NODES.textNode("2026-12-02T11:00:00Z"),
            () -> NODES.textNode("2026-12-02T13:00:00Z"),
            () -> NODES.textNode("second"),
            () -> NODES.textNode("minute"),
            () -> NODES.textNode("hour"),
            () -> NODES.textNode("00000000-0000-0000-0000-000000000000"),
            () -> NODES.textNode("\u0000\u202e" + MARK));

    @Test
    void generatedHostileLimitsAreAcceptedWithinBoundsOrRefusedAs400WithoutEchoingThem() {
        List<String> fields = List.of("rateLimit", "per", "burst", "quotaPerDay", "quotaPerMonth", MARK + "-field");
        for (int i = 0; i < 600; i++) {
            ObjectNode limits = generate(fields);
            try {
                KeyLimits parsed = policy.parse(limits);
                assertWithinBounds(parsed);
            } catch (ProblemException e) {
                assertRefusedCleanly(e, limits);
            }
        }
    }

    @Test
    void generatedHostileThrottlesAreAcceptedWithinBoundsOrRefusedAs400WithoutEchoingThem() {
        List<String> fields = List.of("rateLimit", "ttl", "until", "reason", "alertId", MARK + "-field");
        for (int i = 0; i < 600; i++) {
            ObjectNode throttle = generate(fields);
            try {
                KeyLimits parsed = policy.throttle(KeyLimits.NONE, throttle, NOW);
                assertThat(parsed.throttleRateLimit()).isPositive();
                assertThat(parsed.throttleUntil()).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(Duration.ofDays(7)));
                assertThat(parsed.throttleReason()).matches("admin(:.{1,200})?|alert:[0-9a-f-]{36}");
            } catch (ProblemException e) {
                assertRefusedCleanly(e, throttle);
            }
        }
        // Not an object at all.
        for (JsonNode notAnObject : List.of(NODES.numberNode(5), NODES.textNode(MARK), NODES.arrayNode())) {
            try {
                policy.throttle(KeyLimits.NONE, notAnObject, NOW);
                throw new AssertionError("accepted " + notAnObject);
            } catch (ProblemException e) {
                assertRefusedCleanly(e, notAnObject);
            }
        }
    }

    private ObjectNode generate(List<String> fields) {
        ObjectNode node = NODES.objectNode();
        int n = 1 + random.nextInt(fields.size());
        for (int f = 0; f < n; f++) {
            node.set(
                    fields.get(random.nextInt(fields.size())),
                    hostileValues.get(random.nextInt(hostileValues.size())).get());
        }
        return node;
    }

    private static void assertWithinBounds(KeyLimits l) {
        if (l.rateLimit() != null) {
            assertThat(l.rateLimit()).isPositive();
            assertThat(l.windowSeconds()).isIn(1, 60);
            assertThat(l.rateLimit() / (double) l.windowSeconds()).isLessThanOrEqualTo(100_000);
        }
        if (l.burst() != null) {
            assertThat(l.burst()).isBetween(1, 100_000);
        }
        if (l.quotaPerDay() != null) {
            assertThat(l.quotaPerDay()).isBetween(1L, 10_000_000_000L);
        }
        if (l.quotaPerMonth() != null) {
            assertThat(l.quotaPerMonth()).isBetween(1L, 300_000_000_000L);
        }
    }

    private static void assertRefusedCleanly(ProblemException e, JsonNode sent) {
        assertThat(e.status()).as(sent.toString()).isEqualTo(400);
        assertThat(e.detail()).doesNotContain(MARK);
        assertThat(e.errors()).as(sent.toString()).isNotEmpty();
        for (FieldError error : e.errors()) {
            assertThat(error.field() + " " + error.reason()).doesNotContain(MARK);
        }
    }

    /** The shipped defaults of {@code watchword.issuer.key-limits.*}. */
    private static final class DefaultLimits implements KeyLimitsConfig {
        @Override
        public OptionalInt defaultRatePerMinute() {
            return OptionalInt.empty();
        }

        @Override
        public OptionalLong defaultQuotaPerDay() {
            return OptionalLong.empty();
        }

        @Override
        public OptionalLong defaultQuotaPerMonth() {
            return OptionalLong.empty();
        }

        @Override
        public int maxRatePerSecond() {
            return 100_000;
        }

        @Override
        public int maxBurst() {
            return 100_000;
        }

        @Override
        public long maxQuotaPerDay() {
            return 10_000_000_000L;
        }

        @Override
        public long maxQuotaPerMonth() {
            return 300_000_000_000L;
        }

        @Override
        public Duration maxThrottle() {
            return Duration.ofDays(7);
        }
    }
}
