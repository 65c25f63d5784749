package io.watchword.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CidrMatcherTest {

    @Test
    void emptyListAllowsAnyAddress() {
        assertThat(CidrMatcher.allows(List.of(), "203.0.113.9")).isTrue();
        assertThat(CidrMatcher.allows(null, "203.0.113.9")).isTrue();
    }

    @Test
    void ipv4NetworksAndBareAddresses() {
        List<String> cidrs = List.of("10.0.0.0/8", "192.168.1.7");
        assertThat(CidrMatcher.allows(cidrs, "10.200.3.4")).isTrue();
        assertThat(CidrMatcher.allows(cidrs, "192.168.1.7")).isTrue();
        assertThat(CidrMatcher.allows(cidrs, "192.168.1.8")).isFalse();
        assertThat(CidrMatcher.allows(List.of("172.16.0.0/12"), "172.31.255.255"))
                .isTrue();
        assertThat(CidrMatcher.allows(List.of("172.16.0.0/12"), "172.32.0.0")).isFalse();
        assertThat(CidrMatcher.allows(List.of("0.0.0.0/0"), "8.8.8.8")).isTrue();
        assertThat(CidrMatcher.allows(List.of("10.1.2.3/8"), "10.9.9.9")).isTrue();
    }

    @Test
    void ipv6NetworksAndIpv4MappedAddresses() {
        assertThat(CidrMatcher.allows(List.of("2001:db8::/32"), "2001:db8:1::5"))
                .isTrue();
        assertThat(CidrMatcher.allows(List.of("2001:db8::/32"), "2001:db9::1")).isFalse();
        assertThat(CidrMatcher.allows(List.of("2001:db8::/32"), "[2001:db8::1]"))
                .isTrue();
        assertThat(CidrMatcher.allows(List.of("10.0.0.0/8"), "::ffff:10.1.2.3")).isTrue();
        assertThat(CidrMatcher.allows(List.of("10.0.0.0/8"), "2001:db8::1")).isFalse();
        assertThat(CidrMatcher.allows(List.of("::1"), "0:0:0:0:0:0:0:1")).isTrue();
    }

    @Test
    void invalidCidrsAreExplainedWithoutQuotingThem() {
        assertThat(CidrMatcher.validate("10.0.0.0/33")).contains("outside 0..32");
        assertThat(CidrMatcher.validate("2001:db8::/129")).contains("outside 0..128");
        assertThat(CidrMatcher.validate("300.0.0.1"))
                .contains("not an IPv4 or IPv6")
                .doesNotContain("300");
        assertThat(CidrMatcher.validate("example.com"))
                .contains("not an IPv4 or IPv6")
                .doesNotContain("example");
        assertThat(CidrMatcher.validate("10.0.0.0/x")).contains("not a number");
        assertThat(CidrMatcher.validate("10.0.0.0/-1")).contains("not a number");
        assertThat(CidrMatcher.validate("10.0.0.0/")).contains("not a number");
        assertThat(CidrMatcher.validate("010.0.0.1")).contains("not an IPv4");
        assertThat(CidrMatcher.validate("")).contains("empty");
        assertThat(CidrMatcher.validate(null)).contains("empty");
        assertThat(CidrMatcher.validate("2001:db8::/48")).isNull();
        assertThat(CidrMatcher.validate("10.0.0.0/8")).isNull();
        assertThat(CidrMatcher.validate("192.0.2.1")).isNull();
    }

    @Test
    void hostNamesAreNeverResolved() {
        assertThat(CidrMatcher.allows(List.of("10.0.0.0/8"), "localhost")).isFalse();
        assertThat(CidrMatcher.allows(List.of("127.0.0.0/8"), "localhost")).isFalse();
        assertThat(CidrMatcher.validate(".:")).isNotNull();
        assertThat(CidrMatcher.validate("a.b:")).isNotNull();
        assertThat(IpAddress.parse("1.2.3")).isEmpty();
        assertThat(IpAddress.parse("0x7f.0.0.1")).isEmpty();
        assertThat(IpAddress.parse("2130706433")).isEmpty();
    }

    @Test
    void membershipAgreesWithArithmeticForGeneratedAddresses() {
        Random random = new Random(42L);
        for (int n = 0; n < 5_000; n++) {
            long network = random.nextLong() & 0xFFFFFFFFL;
            int bits = random.nextInt(33);
            long address = random.nextBoolean()
                    ? network ^ (random.nextLong() & ((1L << (32 - bits)) - 1))
                    : random.nextLong() & 0xFFFFFFFFL;
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            boolean expected = (network & mask) == (address & mask);
            assertThat(CidrMatcher.allows(List.of(dotted(network) + "/" + bits), dotted(address)))
                    .as("%s/%d %s", dotted(network), bits, dotted(address))
                    .isEqualTo(expected);
        }
    }

    @Test
    void arbitraryTextIsNeitherACidrNorAnAddressAndNeverThrows() {
        Random random = new Random(43L);
        String alphabet = "0123456789abcdefABCDEF:./%[]- x\u0000\u00e9";
        for (int n = 0; n < 10_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < random.nextInt(50); i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = s.toString();
            CidrMatcher.validate(text);
            CidrMatcher.allows(List.of(text), text);
            CidrMatcher.allows(List.of("0.0.0.0/0", "::/0"), text);
            IpAddress.canonical(text);
        }
        assertThat(CidrMatcher.validate("1".repeat(100_000))).isNotNull();
    }

    static String dotted(long v) {
        return ((v >> 24) & 0xFF) + "." + ((v >> 16) & 0xFF) + "." + ((v >> 8) & 0xFF) + "." + (v & 0xFF);
    }
}
