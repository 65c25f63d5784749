package io.watchword.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SourceSketchTest {

    @Test
    void smallCountsAreExactEnoughAndRepeatsChangeNothing() {
        SourceSketch sketch = new SourceSketch();
        for (int i = 0; i < 3; i++) {
            sketch.add("10.0.0." + i);
            sketch.add("10.0.0." + i);
        }
        assertThat(SourceSketch.estimate(sketch.toBitString()).value()).isEqualTo(3);
    }

    @Test
    void aThousandAddressesAreEstimatedWithinAFewPercent() {
        SourceSketch sketch = new SourceSketch();
        for (int i = 0; i < 1000; i++) {
            sketch.add("10." + (i / 256) + ".0." + (i % 256));
        }
        SourceSketch.Estimate estimate = SourceSketch.estimate(sketch.toBitString());
        assertThat((double) estimate.value()).isCloseTo(1000, within(80.0));
        assertThat(estimate.atLeast()).isFalse();
    }

    @Test
    void aSaturatedSketchSaysAtLeast() {
        SourceSketch.Estimate estimate = SourceSketch.estimate("1".repeat(SourceSketch.BITS));
        assertThat(estimate.atLeast()).isTrue();
        assertThat(estimate.value()).isGreaterThan(5000);
    }

    @Test
    void theHexFormIsTheSameSketchAsTheBitString() {
        SourceSketch sketch = new SourceSketch();
        for (int i = 0; i < 40; i++) {
            sketch.add("192.0.2." + i);
        }
        StringBuilder bits = new StringBuilder();
        for (char digit : sketch.toHexString().toCharArray()) {
            String nibble = Integer.toBinaryString(Character.digit(digit, 16));
            bits.append("0".repeat(4 - nibble.length())).append(nibble);
        }
        assertThat(sketch.toHexString()).hasSize(SourceSketch.BITS / 4);
        assertThat(bits.toString()).isEqualTo(sketch.toBitString());
    }
}
