package org.maproom.testkit;

import java.util.HashMap;
import java.util.Map;

/**
 * Configuration for running a service on this machine (tests and the dev launcher): a cluster of one, loopback
 * ports, no JVM exit on shutdown (several services share the JVM), and dev-only keys. These keys are public; a
 * deployment gets its own from Secrets.
 */
public final class LocalConfig {
  /** Dev-only key material (32 bytes each, base64). Never used outside this machine. */
  public static final String IDENTITY_KEY = "ZGV2LW9ubHktaWRlbnRpdHkta2V5LW5vdC1zZWNyZXQ=";
  public static final String PII_KEY = "ZGV2LW9ubHktcGlpLWVuY3J5cHRpb24ta2V5LTMyYnk=";
  public static final String LOOKUP_KEY = "ZGV2LW9ubHktbG9va3VwLWhhc2gta2V5LTMyYnl0ZXM=";

  private LocalConfig() {}

  public record Ports(int http, int management, int remote) {
    public static Ports free() {
      return new Ports(org.maproom.testkit.Ports.free(), org.maproom.testkit.Ports.free(), org.maproom.testkit.Ports.free());
    }
  }

  /** Overrides for a persistent service. */
  public static Map<String, Object> service(Database db, String kafkaBootstrap, Ports ports) {
    Map<String, Object> m = stateless(ports);
    m.put("maproom.db.url", db.url());
    m.put("maproom.db.user", db.user());
    m.put("maproom.db.password", db.password());
    m.put("maproom.kafka.bootstrap-servers", kafkaBootstrap);
    m.put("maproom.cluster.join-self", "on");
    m.put("pekko.remote.artery.canonical.hostname", "127.0.0.1");
    m.put("pekko.remote.artery.canonical.port", ports.remote());
    m.put("maproom.pii.keys.k1", PII_KEY);
    m.put("maproom.pii.current-key", "k1");
    m.put("maproom.pii.lookup-key", LOOKUP_KEY);
    // notify-service, on a laptop and in tests: the SMS program is live, with no rate cap and no quiet hours, so a
    // text follows a publish at once (the tests of the waitlist, the window and the rate set their own).
    m.put("notify.sms.live-initially", "true");
    m.put("notify.sms.segments-per-second", "0");
    m.put("notify.sms.window.start", "00:00");
    m.put("notify.sms.window.end", "00:00");
    m.put("notify.sms.housekeeping-interval", "500ms");
    m.put("notify.sms.lookup-grace", "2s");
    m.put("notify.sms.reconcile-after", "3s");
    return m;
  }

  /** Overrides for the gateway (no database, no cluster). */
  public static Map<String, Object> stateless(Ports ports) {
    Map<String, Object> m = new HashMap<>();
    m.put("maproom.http.host", "127.0.0.1");
    m.put("maproom.http.port", ports.http());
    m.put("pekko.management.http.hostname", "127.0.0.1");
    m.put("pekko.management.http.port", ports.management());
    m.put("pekko.coordinated-shutdown.exit-jvm", "off");
    m.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    m.put("maproom.identity.key", IDENTITY_KEY);
    return m;
  }

  /** A JDBC database as a service sees it. */
  public record Database(String url, String user, String password) {
    public static Database of(TestDatabase db) {
      return new Database(db.url(), db.user(), db.password());
    }
  }
}
