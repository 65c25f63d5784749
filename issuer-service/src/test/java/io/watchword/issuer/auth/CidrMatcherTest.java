package io.watchword.issuer.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrMatcherTest {

    @Test
    void emptyListAllowsAnyAddress() {
        assertThat(CidrMatcher.allows(List.of(), "203.0.113.9")).isTrue();
    }

    @Test
    void ipv4RangesAndSingleAddresses() {
        List<String> cidrs = List.of("10.0.0.0/8", "192.168.1.7");
        assertThat(CidrMatcher.allows(cidrs, "10.200.3.4")).isTrue();
        assertThat(CidrMatcher.allows(cidrs, "192.168.1.7")).isTrue();
        assertThat(CidrMatcher.allows(cidrs, "192.168.1.8")).isFalse();
        assertThat(CidrMatcher.allows(List.of("172.16.0.0/12"), "172.31.255.255"))
                .isTrue();
        assertThat(CidrMatcher.allows(List.of("172.16.0.0/12"), "172.32.0.0")).isFalse();
    }

    @Test
    void ipv6RangesAndMappedAddresses() {
        assertThat(CidrMatcher.allows(List.of("2001:db8::/32"), "2001:db8:1::5"))
                .isTrue();
        assertThat(CidrMatcher.allows(List.of("2001:db8::/32"), "2001:db9::1")).isFalse();
        assertThat(CidrMatcher.allows(List.of("10.0.0.0/8"), "::ffff:10.1.2.3")).isTrue();
        assertThat(CidrMatcher.allows(List.of("10.0.0.0/8"), "2001:db8::1")).isFalse();
    }

    @Test
    void invalidCidrsAndHostNamesAreRefusedWithoutResolving() {
        assertThat(CidrMatcher.validate("10.0.0.0/33")).contains("outside 0..32");
        assertThat(CidrMatcher.validate("300.0.0.1")).contains("not an IPv4 or IPv6");
        assertThat(CidrMatcher.validate("example.com")).contains("not an IPv4 or IPv6");
        assertThat(CidrMatcher.validate("10.0.0.0/x")).contains("not a number");
        assertThat(CidrMatcher.validate("2001:db8::/48")).isNull();
        assertThat(CidrMatcher.allows(List.of("10.0.0.0/8"), "localhost")).isFalse();
    }
}
