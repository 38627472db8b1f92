package org.maproom.gateway.live;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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

  public LiveCounters(ActorSystem<?> system, Services services) {
    this.services = services;
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

  /** {@code GET /api/articles/{id}/live}: the article's counters now, then each change. */
  public Route stream(String articleId) {
    return Directives.optionalHeaderValueByName("Last-Event-ID", lastSeen -> Directives.completeOK(
        now(articleId, lastSeen)
            .concat(snapshots.filter(e -> e.articleId().equals(articleId)).buffer(4, OverflowStrategy.dropHead()).map(Snapshot::event))
            .keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat),
        EventStreamMarshalling.toEventStream()));
  }

  /** The newest snapshot this instance has seen, unless the reader has it; else the counters from engagement-service. */
  private Source<ServerSentEvent, NotUsed> now(String articleId, Optional<String> lastSeen) {
    var known = newest.get(articleId);
    if (known != null) {
      return lastSeen.filter(known.eventId()::equals).isPresent() ? Source.empty() : Source.single(known.event());
    }
    return Source.completionStage(services.engagement()
            .get("/articles/" + ServiceClient.segment(articleId) + "/counters", Optional.empty(), EngagementApi.Counters.class)
            .handle((counters, failure) -> Optional.ofNullable(counters)))
        .mapConcat(c -> c.map(counters -> ServerSentEvent.create(new String(EventJson.write(counters), java.nio.charset.StandardCharsets.UTF_8), "counters")).stream().toList());
  }

  private static ServerSentEvent event(EngagementEvent.CountersChanged changed) {
    return ServerSentEvent.create(new String(EventJson.write(changed.counters()), java.nio.charset.StandardCharsets.UTF_8),
        "counters", changed.eventId());
  }
}
