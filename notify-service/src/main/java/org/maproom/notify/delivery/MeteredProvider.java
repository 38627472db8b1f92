package org.maproom.notify.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletionStage;

/**
 * A provider whose sends are counted by outcome ({@code maproom_sms_sends_total{provider,outcome}}: the refused ratio
 * and account failures alert from it) and timed ({@code maproom_sms_provider_seconds}).
 */
public record MeteredProvider(SmsProvider provider, MeterRegistry registry) implements SmsProvider {
  @Override
  public String name() {
    return provider.name();
  }

  @Override
  public CompletionStage<Outcome> send(SmsMessage message) {
    long start = System.nanoTime();
    return provider.send(message).whenComplete((outcome, error) -> {
      Timer.builder("maproom_sms_provider").tag("provider", name()).description("Time the provider took to answer a send")
          .publishPercentileHistogram().register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      Counter.builder("maproom_sms_sends").tags("provider", name(), "outcome", error != null ? "unknown" : outcome(outcome))
          .description("Sends handed to the provider, by what its answer proves").register(registry).increment();
    });
  }

  static String outcome(Outcome o) {
    if (o instanceof Accepted) return "accepted";
    if (o instanceof Refused r) return r.optedOut() ? "opted_out" : r.why() == Recipient.UNREACHABLE ? "unreachable" : "refused";
    if (o instanceof AccountFailing) return "account_failing";
    if (o instanceof Throttled) return "throttled";
    return "unknown";
  }

  @Override
  public CompletionStage<Lookup> lookup(SmsMessage message) {
    return provider.lookup(message);
  }

  @Override
  public CompletionStage<Lookup> status(String sid) {
    return provider.status(sid);
  }

  @Override
  public CompletionStage<Boolean> accountWorks() {
    return provider.accountWorks();
  }
}
