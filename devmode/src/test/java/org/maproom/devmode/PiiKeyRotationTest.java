package org.maproom.devmode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.maproom.platform.PiiCipher;

/**
 * The key rotation that docs/operations.md tells operators to do, through each PII-holding service's own
 * configuration file and the environment variables the Deployments set.
 */
class PiiKeyRotationTest {
  private static final String K1 = randomKey();
  private static final String K2 = randomKey();
  private static final String LOOKUP = randomKey();

  @ParameterizedTest
  @ValueSource(strings = {"notify-service.conf", "moderation-service.conf"})
  void aSecondKeyTakesNewWritesWhileOldValuesStillDecrypt(String serviceConf) {
    PiiCipher before = cipher(serviceConf, Map.of("PII_KEY_K1", K1, "PII_LOOKUP_KEY", LOOKUP));
    String old = before.encrypt("+447700900123", "subscriber-1");
    assertThat(old).startsWith("k1:");

    PiiCipher after = cipher(serviceConf,
        Map.of("PII_KEY_K1", K1, "PII_KEY_K2", K2, "PII_CURRENT_KEY", "k2", "PII_LOOKUP_KEY", LOOKUP));
    String fresh = after.encrypt("+447700900456", "subscriber-2");
    assertThat(fresh).startsWith("k2:");
    assertThat(after.decrypt(old, "subscriber-1")).isEqualTo("+447700900123");
    assertThat(after.decrypt(fresh, "subscriber-2")).isEqualTo("+447700900456");
    assertThat(after.lookupHash("+447700900123")).isEqualTo(before.lookupHash("+447700900123"));

    assertThatThrownBy(() -> before.decrypt(fresh, "subscriber-2")).hasMessageContaining("unknown key id");
    assertThatThrownBy(() -> after.decrypt(old, "subscriber-2")).hasMessageContaining("cannot decrypt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"notify-service.conf", "moderation-service.conf"})
  void pointingAtAKeyThatIsNotThereRefusesToStart(String serviceConf) {
    assertThatThrownBy(() -> cipher(serviceConf, Map.of("PII_KEY_K1", K1, "PII_CURRENT_KEY", "k2", "PII_LOOKUP_KEY", LOOKUP)))
        .hasMessageContaining("no key k2");
  }

  /** The service's file resolved against {@code env} alone, as the Deployment's environment would resolve it. */
  private static PiiCipher cipher(String serviceConf, Map<String, String> env) {
    // ${?PII_KEY_K1} finds a root-level PII_KEY_K1 before it would look at the real environment.
    Config config = ConfigFactory.parseMap(env).withFallback(ConfigFactory.parseResources(serviceConf))
        .resolve(ConfigResolveOptions.noSystem());
    return PiiCipher.fromConfig(config);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
