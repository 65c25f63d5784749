package io.watchword.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UrlEncodedFormTest {

    private static List<Map.Entry<String, String>> pairs(String body) {
        return UrlEncodedForm.pairs(body.getBytes(StandardCharsets.ISO_8859_1), 32);
    }

    @Test
    void decodesPairsInOrderWithEscapesPlusAndValuelessNames() {
        assertThat(pairs("token=a%2Bb+c&token_type_hint=access_token&flag&&empty="))
                .containsExactly(
                        Map.entry("token", "a+b c"),
                        Map.entry("token_type_hint", "access_token"),
                        Map.entry("flag", ""),
                        Map.entry("empty", ""));
        assertThat(pairs("")).isEmpty();
        assertThat(UrlEncodedForm.pairs(null, 32)).isEmpty();
        assertThat(pairs("k=%C3%A9")).containsExactly(Map.entry("k", "é"));
    }

    @Test
    void generatedFormsRoundTripThroughTheJdksEncoder() {
        Random random = new Random(20261203L);
        for (int round = 0; round < 2_000; round++) {
            List<Map.Entry<String, String>> sent = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                sent.add(Map.entry(
                        "n" + randomText(random, 1 + random.nextInt(8)), randomText(random, random.nextInt(40))));
            }
            String body = sent.stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            assertThat(UrlEncodedForm.pairs(body.getBytes(StandardCharsets.US_ASCII), 32))
                    .as(body)
                    .containsExactlyElementsOf(sent);
        }
    }

    @Test
    void brokenEscapesNonUtf8AndTooManyPairsAreRefusedWithoutEchoingTheInput() {
        for (String body : List.of("a=%", "a=%4", "a=%zz", "%g1=1", "a=1&b=%C3", "a=%FF%FE")) {
            assertThatThrownBy(() -> pairs(body))
                    .isInstanceOf(UrlEncodedForm.MalformedFormException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body));
        }
        assertThatThrownBy(() -> UrlEncodedForm.pairs("a=1&".repeat(33).getBytes(StandardCharsets.US_ASCII), 32))
                .isInstanceOf(UrlEncodedForm.MalformedFormException.class)
                .hasMessage("The request has too many parameters.");
        assertThat(UrlEncodedForm.pairs("a=1&".repeat(32).getBytes(StandardCharsets.US_ASCII), 32))
                .hasSize(32);
        // Raw bytes that are not UTF-8, unescaped, are refused too.
        assertThatThrownBy(() -> UrlEncodedForm.pairs(new byte[] {'a', '=', (byte) 0xC3}, 32))
                .isInstanceOf(UrlEncodedForm.MalformedFormException.class);
    }

    private static String randomText(Random random, int length) {
        String alphabet = "abcXYZ019 +&=%~-._*!'()\u00e9\u4e2d\ud83d\ude00/?#";
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c)) {
                text.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }
}
