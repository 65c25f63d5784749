package io.watchword.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenFormatTest {

    @Test
    void threeBase64UrlPartsLookLikeAJws() {
        assertThat(TokenFormat.looksLikeJws("eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln-_A"))
                .isTrue();
    }

    @Test
    void anythingElseDoesNotAndNothingThrows() {
        assertThat(TokenFormat.looksLikeJws(null)).isFalse();
        assertThat(TokenFormat.looksLikeJws("")).isFalse();
        assertThat(TokenFormat.looksLikeJws("a.b")).isFalse();
        assertThat(TokenFormat.looksLikeJws("a..c")).isFalse();
        assertThat(TokenFormat.looksLikeJws(".b.c")).isFalse();
        assertThat(TokenFormat.looksLikeJws("a.b.")).isFalse();
        assertThat(TokenFormat.looksLikeJws("a.b.c.d")).isFalse();
        assertThat(TokenFormat.looksLikeJws("a.b=.c")).isFalse();
        assertThat(TokenFormat.looksLikeJws("a.b.c\u0000")).isFalse();
        assertThat(TokenFormat.looksLikeJws("a." + "b".repeat(9000) + ".c")).isFalse();
        assertThat(TokenFormat.looksLikeJws(ApiKeyFormat.generate("live"))).isFalse();
        Random random = new Random(7L);
        for (int n = 0; n < 3_000; n++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) random.nextInt(0x100);
            }
            String text = new String(chars);
            boolean expected = text.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
            assertThat(TokenFormat.looksLikeJws(text)).isEqualTo(expected);
        }
    }
}
