package org.maproom.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressKeyTest {

  @Test
  void ipv4IsItselfIpv6IsItsSlash64AndNoAddressIsOneSharedKey() {
    assertThat(AddressKey.of("203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(AddressKey.of("2001:db8:1:2::1")).isEqualTo(AddressKey.of("2001:0db8:0001:0002:ffff:0:0:9")).isEqualTo("2001:db8:1:2::/64");
    assertThat(AddressKey.of("2001:db8:0:0:0:0:0:1")).as("as the gateway writes it").isEqualTo("2001:db8:0:0::/64");
    assertThat(AddressKey.of("2001:db8:1:3::1")).isNotEqualTo(AddressKey.of("2001:db8:1:2::1"));
    assertThat(AddressKey.of(null)).isEqualTo(AddressKey.of("")).isEqualTo(AddressKey.UNKNOWN);
  }
}
