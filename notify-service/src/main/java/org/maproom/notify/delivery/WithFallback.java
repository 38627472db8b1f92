package org.maproom.notify.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The first provider, and a second one used only when the first provably did not send a text: it refused it (a 4xx
 * answer) or its account is failing. Never on a timeout or a 5xx: the first may have sent it. Never when the
 * recipient opted out: that is theirs to decide. Look-ups go to the provider that took the text ({@link #forName}).
 */
public record WithFallback(SmsProvider first, SmsProvider second) {
  public CompletionStage<Sent> send(SmsMessage m) {
    return first.send(m).thenCompose(outcome -> {
      boolean provablyNotSent = outcome instanceof SmsProvider.Refused refused && !refused.optedOut()
          || outcome instanceof SmsProvider.AccountFailing;
      if (second != null && provablyNotSent) return second.send(m).thenApply(o -> new Sent(second.name(), o));
      return CompletableFuture.completedFuture(new Sent(first.name(), outcome));
    });
  }

  /** Whether texts can go out again: either account works. */
  public CompletionStage<Boolean> accountWorks() {
    return first.accountWorks().thenCompose(works -> works || second == null
        ? CompletableFuture.completedFuture(works) : second.accountWorks());
  }

  public SmsProvider forName(String name) {
    return second != null && second.name().equals(name) ? second : first;
  }

  /** What happened, and at which provider. */
  public record Sent(String provider, SmsProvider.Outcome outcome) {}
}
