package io.watchword.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final ClientAddressResolver behindProxies =
            ClientAddressResolver.trusting(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

    @Test
    void withoutTrustedProxiesThePeerIsTheCallerWhateverTheHeaderSays() {
        ClientAddressResolver none = ClientAddressResolver.noTrustedProxies();
        assertThat(none.resolve("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
        assertThat(ClientAddressResolver.trusting(List.of()).resolve("198.51.100.4", "203.0.113.9"))
                .isEqualTo("198.51.100.4");
        assertThat(none.resolve(null, "203.0.113.9")).isEqualTo(ClientAddressResolver.UNKNOWN);
    }

    @Test
    void anUntrustedPeerCannotChooseItsAddress() {
        assertThat(behindProxies.resolve("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedHopIsTheCaller() {
        assertThat(behindProxies.resolve("10.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        // The left-most entries are whatever the client chose to send.
        assertThat(behindProxies.resolve("10.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.7"))
                .isEqualTo("203.0.113.9");
        assertThat(behindProxies.resolve("10.0.0.1", List.of("1.1.1.1", "203.0.113.9,10.0.0.7")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void aMalformedHopIsNeverBelievedAndNeverReturned() {
        assertThat(behindProxies.resolve("10.0.0.1", "evil")).isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", "1.2.3.4/0")).isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", "203.0.113.9, ' OR 1=1 --"))
                .isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", "203.0.113.9, garbage, 10.0.0.7"))
                .isEqualTo("10.0.0.7");
        assertThat(behindProxies.resolve("10.0.0.1", "localhost")).isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", "fe80::1%eth0")).isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", "1.2.3.4\u0000")).isEqualTo("10.0.0.1");
    }

    @Test
    void emptyListElementsArePassedOver() {
        assertThat(behindProxies.resolve("10.0.0.1", "203.0.113.9, ,")).isEqualTo("203.0.113.9");
        assertThat(behindProxies.resolve("10.0.0.1", "")).isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", ",,,")).isEqualTo("10.0.0.1");
    }

    @Test
    void hopsWithPortsAndBracketsAreAddressesInCanonicalForm() {
        assertThat(behindProxies.resolve("10.0.0.1", "203.0.113.9:4711")).isEqualTo("203.0.113.9");
        assertThat(behindProxies.resolve("10.0.0.1", "[2001:db8::7]:443")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(behindProxies.resolve("10.0.0.1", "2001:DB8:0::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(behindProxies.resolve("10.0.0.1", "::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(behindProxies.resolve("10.0.0.1", "203.0.113.9:0")).isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", "203.0.113.9:65536")).isEqualTo("10.0.0.1");
        assertThat(behindProxies.resolve("10.0.0.1", "[2001:db8::7")).isEqualTo("10.0.0.1");
    }

    @Test
    void anIpv6TrustedProxyAndIpv4MappedPeer() {
        assertThat(behindProxies.resolve("2001:db8:ffff:0:0:0:0:2", "203.0.113.9"))
                .isEqualTo("203.0.113.9");
        assertThat(behindProxies.resolve("::ffff:10.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
    }

    @Test
    void whenEveryHopIsATrustedProxyTheFarthestOneIsTheCaller() {
        assertThat(behindProxies.resolve("10.0.0.1", "10.0.0.3, 10.0.0.2")).isEqualTo("10.0.0.3");
    }

    @Test
    void aBadTrustedProxyEntryIsAStartUpErrorThatDoesNotQuoteIt() {
        assertThatThrownBy(() -> ClientAddressResolver.trusting(List.of("10.0.0.0/8", "proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2")
                .hasMessageNotContaining("proxy.internal");
    }

    @Test
    void generatedHeadersOnlyEverYieldThePeerOrAnAddressLiteral() {
        Random random = new Random(7L);
        String alphabet = "0123456789abcdef:.,[]% x-\u0000\u00e9";
        List<String> valid = List.of("203.0.113.9", "10.0.0.7", "2001:db8::1", "[2001:db8::2]:80", "1.2.3.4:8080");
        for (int n = 0; n < 10_000; n++) {
            StringBuilder header = new StringBuilder();
            int hops = random.nextInt(6);
            for (int h = 0; h < hops; h++) {
                if (h > 0) {
                    header.append(random.nextBoolean() ? ", " : ",");
                }
                if (random.nextBoolean()) {
                    header.append(valid.get(random.nextInt(valid.size())));
                } else {
                    for (int i = 0; i < random.nextInt(20); i++) {
                        header.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
            }
            String resolved = behindProxies.resolve("10.0.0.1", header.toString());
            assertThat(resolved.equals("10.0.0.1")
                            || IpAddress.canonical(resolved).orElse("").equals(resolved))
                    .as("%s -> %s", header, resolved)
                    .isTrue();
        }
    }

    @Test
    void aVeryLongChainStopsAtTheLastTrustedHop() {
        String chain = "203.0.113.9, " + "10.0.0.5, ".repeat(1_000) + "10.0.0.6";
        assertThat(behindProxies.resolve("10.0.0.1", chain)).startsWith("10.0.0.");
    }
}
