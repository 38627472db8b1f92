package org.maproom.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/**
 * Proves that what an entity persists or replies round-trips through the serializer Pekko is configured with (and
 * that it is Jackson, never Java serialization), and that no type of a sealed hierarchy was left without a sample: a
 * new event type without one fails the test.
 */
public final class SerializationCheck {
  private SerializationCheck() {}

  public static void assertRoundTrips(ActorSystem<?> system, List<?> samples, Class<?>... sealedRoots) {
    Set<Class<?>> sampled = samples.stream().map(Object::getClass).collect(Collectors.toSet());
    for (Class<?> root : sealedRoots) {
      for (Class<?> type : concreteTypes(root)) {
        assertThat(sampled).as("a sample of " + type.getName()).contains(type);
      }
    }
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    for (Object sample : samples) {
      var serializer = serialization.findSerializerFor(sample);
      assertThat(serializer.getClass().getSimpleName()).as(sample.getClass().getName()).contains("Jackson");
      byte[] bytes = serialization.serialize(sample).get();
      Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, sample)).get();
      assertThat(back).isEqualTo(sample);
    }
  }

  private static List<Class<?>> concreteTypes(Class<?> root) {
    List<Class<?>> out = new ArrayList<>();
    if (!root.isSealed()) {
      out.add(root);
      return out;
    }
    for (Class<?> sub : root.getPermittedSubclasses()) out.addAll(concreteTypes(sub));
    return out;
  }
}
