package org.maproom.gateway.live;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.maproom.contracts.EventJson;
import org.maproom.contracts.Topics;
import org.maproom.contracts.events.EngagementEvent;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.gateway.Services;
import org.maproom.platform.http.AddressKey;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.http.Problems;
import org.maproom.platform.http.ServiceClient;
import org.maproom.platform.kafka.TopicConsumer;

/**
 * Live counters for open pages, as Server-Sent Events. One Kafka consumer per gateway instance reads every counter
 * snapshot on {@code maproom.engagement.v1} and fans it out to every reader of that article on this instance. A
 * snapshot replaces the one before, so a slow reader skips to the newest rather than holding anyone up, and a reader
 * who reconnects with {@code Last-Event-ID} gets the newest snapshot at once if it is not the one they last saw. Each
 * snapshot is written as an event once, however many readers it goes to.
 */
public final class LiveCounters {
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  private static final int MAX_ARTICLES = 10_000;

  /** A counter snapshot as every reader of its article gets it. */
  private record Snapshot(String articleId, java.time.Instant occurredAt, String eventId, ServerSentEvent event) {}

  private final Map<String, Snapshot> newest = new ConcurrentHashMap<>();
  private final BoundedSourceQueue<Snapshot> queue;
  private final Source<Snapshot, NotUsed> snapshots;
  private final Services services;
  private final int perAddress;
  /** Streams open now, by address, on this instance. */
  private final Map<String, Integer> streams = new ConcurrentHashMap<>();

  /** {@code perAddress}: streams one address may hold open at once on this instance; 0: no cap. */
  public LiveCounters(ActorSystem<?> system, Services services, int perAddress) {
    this.services = services;
    this.perAddress = perAddress;
    Pair<BoundedSourceQueue<Snapshot>, Source<Snapshot, NotUsed>> hub =
        Source.<Snapshot>queue(1024)
            .toMat(BroadcastHub.of(Snapshot.class, 256), Keep.both())
            .run(system);
    this.queue = hub.first();
    this.snapshots = hub.second();
    snapshots.runWith(Sink.ignore(), system); // keeps the hub flowing while no page is open
    TopicConsumer.broadcast(system, Topics.ENGAGEMENT, EngagementEvent.class, this::offer);
  }

  private void offer(EngagementEvent event) {
    if (!(event instanceof EngagementEvent.CountersChanged changed)) return;
    var snapshot = new Snapshot(changed.articleId(), changed.occurredAt(), changed.eventId(), event(changed));
    if (newest.size() >= MAX_ARTICLES && !newest.containsKey(changed.articleId())) newest.clear();
    newest.merge(changed.articleId(), snapshot, (old, now) -> now.occurredAt().isBefore(old.occurredAt()) ? old : now);
    queue.offer(snapshot); // dropped only when every reader is far behind; the next snapshot replaces it anyway
  }

  /**
   * {@code GET /api/articles/{id}/live}: the article's counters now, then each change. Only for a published article
   * (404 otherwise), and at most {@code perAddress} streams open at once from one address on this instance (429):
   * a stream holds a connection and memory for as long as it is open.
   */
  public Route stream(String articleId, String ip) {
    String address = AddressKey.of(ip);
    return Directives.optionalHeaderValueByName("Last-Event-ID", lastSeen -> Directives.onSuccess(now(articleId, lastSeen), now -> {
      if (now.isEmpty()) throw ProblemException.notFound("There is no published article with that id.");
      boolean counted = perAddress > 0;
      if (counted && streams.merge(address, 1, Integer::sum) > perAddress) {
        close(address);
        throw ProblemException.tooManyRequests("Too many live streams from this address (at most " + perAddress + " at once).",
            Duration.ofSeconds(30));
      }
      Source<ServerSentEvent, NotUsed> events = now.get()
          .concat(snapshots.filter(e -> e.articleId().equals(articleId)).buffer(4, OverflowStrategy.dropHead()).map(Snapshot::event))
          .keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat)
          .watchTermination((mat, done) -> {
            if (counted) done.whenComplete((d, e) -> close(address));
            return mat;
          });
      return Directives.completeOK(events, EventStreamMarshalling.toEventStream());
    }));
  }

  private void close(String address) {
    streams.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /**
   * What the stream starts with: the newest snapshot this instance has seen (nothing if the reader has it), else the
   * counters from engagement-service; empty if the article is not published. With engagement-service not answering,
   * the stream opens anyway and starts with the next snapshot.
   */
  private CompletionStage<Optional<Source<ServerSentEvent, NotUsed>>> now(String articleId, Optional<String> lastSeen) {
    var known = newest.get(articleId);
    if (known != null) {
      return CompletableFuture.completedFuture(Optional.of(
          lastSeen.filter(known.eventId()::equals).isPresent() ? Source.empty() : Source.single(known.event())));
    }
    return services.engagement()
        .get("/articles/" + ServiceClient.segment(articleId) + "/counters", Optional.empty(), EngagementApi.Counters.class)
        .handle((counters, failure) -> {
          if (failure != null) return Problems.fromFailure(failure).status() == 404 ? Optional.empty() : Optional.of(Source.empty());
          return Optional.of(Source.single(ServerSentEvent.create(new String(EventJson.write(counters), java.nio.charset.StandardCharsets.UTF_8),
              "counters")));
        });
  }

  private static ServerSentEvent event(EngagementEvent.CountersChanged changed) {
    return ServerSentEvent.create(new String(EventJson.write(changed.counters()), java.nio.charset.StandardCharsets.UTF_8),
        "counters", changed.eventId());
  }
}
