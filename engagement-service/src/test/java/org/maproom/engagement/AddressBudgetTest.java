package org.maproom.engagement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.maproom.engagement.domain.AddressBudget;

class AddressBudgetTest {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  static int counted(AddressBudget budget, String address, int hits, Instant at) {
    int n = 0;
    for (int i = 0; i < hits; i++) if (budget.spend(address, at)) n++;
    return n;
  }

  @Test
  void eachAddressGetsItsBudgetPerHourAndNoMore() {
    var budget = new AddressBudget(30);
    assertThat(counted(budget, "203.0.113.5", 100, T0)).isEqualTo(30);
    assertThat(counted(budget, "203.0.113.6", 10, T0.plusSeconds(60))).as("another address").isEqualTo(10);
    assertThat(counted(budget, "203.0.113.5", 5, T0.plusSeconds(3599))).isZero();
    assertThat(counted(budget, "203.0.113.5", 100, T0.plusSeconds(3600))).as("the next hour").isEqualTo(30);
  }

  @Test
  void anIpv6SubscribersWholeSlash64SharesOneBudgetAndNoAddressIsNoExemption() {
    var budget = new AddressBudget(3);
    assertThat(budget.spend("2001:db8:1:2::1", T0)).isTrue();
    assertThat(budget.spend("2001:0db8:0001:0002:ffff:0:0:9", T0)).isTrue();
    assertThat(budget.spend("2001:db8:1:2:abcd::", T0)).isTrue();
    assertThat(budget.spend("2001:db8:1:2::77", T0)).isFalse();
    assertThat(budget.spend("2001:db8:1:3::1", T0)).as("the next /64").isTrue();
    assertThat(counted(budget, null, 10, T0) + counted(budget, "", 10, T0)).as("no address: one shared budget").isEqualTo(3);
  }

  @Test
  void aMillionAddressesEachKeepTheirOwnCount() {
    var budget = new AddressBudget(2);
    int counted = 0;
    for (int i = 0; i < 1_000_000; i++) {
      String address = "10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255);
      counted += counted(budget, address, 3, T0);
    }
    assertThat(counted).as("no two of a million addresses share a budget").isEqualTo(2_000_000);
  }

  @Test
  void forChoicesAnAddressAdmitsItsBudgetOfDistinctReadersEachAsOftenAsTheyLike() {
    var readers = new AddressBudget.Readers(2);
    assertThat(readers.admit("203.0.113.5", "reader-a", T0)).isTrue();
    assertThat(readers.admit("203.0.113.5", "reader-b", T0)).isTrue();
    assertThat(readers.admit("203.0.113.5", "reader-c", T0)).as("a third reader there").isFalse();
    for (int i = 0; i < 50; i++) assertThat(readers.admit("203.0.113.5", "reader-a", T0)).as("tapping and taking back").isTrue();
    assertThat(readers.admit("198.51.100.1", "reader-c", T0)).as("elsewhere").isTrue();
    assertThat(readers.admit("203.0.113.5", "reader-c", T0.plusSeconds(3600))).as("the next hour").isTrue();
  }
}
