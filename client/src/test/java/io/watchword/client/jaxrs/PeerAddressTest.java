package io.watchword.client.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The peer address is read as a literal only: a name is never looked up. */
class PeerAddressTest {

    @Test
    void ipv4AndIpv6LiteralsAreReadAndNamesAreNot() {
        assertThat(WatchwordAuthFilter.literal("127.0.0.2").getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(WatchwordAuthFilter.literal("::1")).isNotNull();
        assertThat(WatchwordAuthFilter.literal("example.com")).isNull();
        assertThat(WatchwordAuthFilter.literal("localhost")).isNull();
        assertThat(WatchwordAuthFilter.literal(null)).isNull();
    }
}
