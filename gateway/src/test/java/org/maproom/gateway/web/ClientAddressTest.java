package org.maproom.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

/** Whose address a request is: the peer's, or the entry the outermost trusted proxy wrote; never the client's claim. */
class ClientAddressTest {

  static HttpRequest from(String peer, String... forwardedFor) throws Exception {
    // In the order they came on the wire (addHeader would put each first).
    return HttpRequest.create("/").addAttribute(AttributeKeys.remoteAddress,
        RemoteAddress.create(new InetSocketAddress(InetAddress.getByName(peer), 40000)))
        .withHeaders(java.util.Arrays.stream(forwardedFor).<HttpHeader>map(f -> RawHeader.create("X-Forwarded-For", f)).toList());
  }

  @Test
  void withNoTrustedProxyTheHeaderIsIgnored() throws Exception {
    assertThat(new ClientAddress(0).of(from("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
  }

  @Test
  void behindOneProxyItIsTheEntryTheProxyAppendedAndTheClientsOwnClaimsAreIgnored() throws Exception {
    var behindIngress = new ClientAddress(1);
    assertThat(behindIngress.of(from("10.0.0.5", "198.51.100.7"))).isEqualTo("198.51.100.7");
    assertThat(behindIngress.of(from("10.0.0.5", "1.2.3.4, 5.6.7.8, 198.51.100.7"))).isEqualTo("198.51.100.7");
    assertThat(behindIngress.of(from("10.0.0.5", "1.2.3.4", "198.51.100.7"))).as("two header lines are one list").isEqualTo("198.51.100.7");
    assertThat(behindIngress.of(from("10.0.0.5", "[2001:db8::1]"))).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void aMissingShortOrUnreadableHeaderMeansThePeerNeverNothing() throws Exception {
    assertThat(new ClientAddress(1).of(from("10.0.0.5"))).isEqualTo("10.0.0.5");
    assertThat(new ClientAddress(2).of(from("10.0.0.5", "198.51.100.7"))).isEqualTo("10.0.0.5");
    assertThat(new ClientAddress(1).of(from("10.0.0.5", "unknown"))).isEqualTo("10.0.0.5");
    assertThat(new ClientAddress(1).of(from("10.0.0.5", "evil.example"))).as("never a name to look up").isEqualTo("10.0.0.5");
    assertThat(new ClientAddress(1).of(from("10.0.0.5", ""))).isEqualTo("10.0.0.5");
  }

  @Test
  void behindTwoProxiesItIsTheSecondFromTheRight() throws Exception {
    assertThat(new ClientAddress(2).of(from("10.0.0.5", "1.2.3.4, 198.51.100.7, 10.0.0.9"))).isEqualTo("198.51.100.7");
  }
}
