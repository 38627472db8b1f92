package org.maproom.notify.domain;

import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.maproom.platform.EventSourcedEntity;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.Rejection;
import org.maproom.platform.projection.EntityTags;

/**
 * One article's texts, keyed by article id: started when the article is published (once, however often the event
 * arrives), its recipients listed once (the {@code sends} table, one row per subscriber), then running until every
 * send is settled. An operator can pause, resume or cancel it. The sends themselves are the dispatcher's.
 */
public final class Campaign extends EventSourcedEntity<Campaign.Command, Campaign.Event, Campaign.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Campaign");
  public static final EntityTags TAGS = new EntityTags("campaign", 2);

  public enum Status { running, paused, cancelled, completed }

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {
    ActorRef<StatusReply<Summary>> replyTo();
  }

  public record Start(String title, String url, Instant publishedAt, Instant at, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  /** The recipients are in the sends table: {@code total} of them. */
  public record MarkListed(int total, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  public record Pause(String by, Instant at, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  public record Resume(String by, Instant at, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  public record Cancel(String by, Instant at, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  public record Complete(Instant at, ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {
    String articleId();
  }

  public record Started(String articleId, String title, String url, Instant publishedAt, Instant at) implements Event {}

  public record RecipientsListed(String articleId, int total) implements Event {}

  public record Paused(String articleId, String by, Instant at) implements Event {}

  public record Resumed(String articleId, String by, Instant at) implements Event {}

  public record Cancelled(String articleId, String by, Instant at) implements Event {}

  public record Completed(String articleId, Instant at) implements Event {}

  // ---- state ----
  public sealed interface State extends JsonSerializable {}

  public record NotStarted() implements State {}

  /** {@code total}: -1 until the recipients are listed. */
  public record Active(String title, String url, Instant publishedAt, Status status, int total) implements State {
    Active with(Status next) {
      return new Active(title, url, publishedAt, next, total);
    }
  }

  public record Summary(String articleId, Status status, int total) implements JsonSerializable {}

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String articleId) {
    return new Campaign(articleId);
  }

  private final String articleId;

  private Campaign(String articleId) {
    super(ENTITY_KEY, articleId, TAGS.forEntity(articleId));
    this.articleId = articleId;
  }

  @Override
  public State emptyState() {
    return new NotStarted();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(NotStarted.class)
        .onCommand(Start.class, (s, cmd) -> Effect().persist(new Started(articleId, cmd.title(), cmd.url(), cmd.publishedAt(), cmd.at()))
            .thenReply(cmd.replyTo(), this::summary))
        .onAnyCommand((s, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("No campaign for that article.")));
    builder.forStateType(Active.class)
        .onCommand(Start.class, (s, cmd) -> Effect().reply(cmd.replyTo(), summary(s)))
        .onCommand(MarkListed.class, (s, cmd) -> s.total() >= 0
            ? Effect().reply(cmd.replyTo(), summary(s))
            : Effect().persist(new RecipientsListed(articleId, cmd.total())).thenReply(cmd.replyTo(), this::summary))
        .onCommand(Pause.class, (s, cmd) -> switch (s.status()) {
          case running -> Effect().persist(new Paused(articleId, cmd.by(), cmd.at())).thenReply(cmd.replyTo(), this::summary);
          case paused -> Effect().reply(cmd.replyTo(), summary(s));
          default -> Effect().reply(cmd.replyTo(), Rejection.conflict("The campaign is " + s.status() + "."));
        })
        .onCommand(Resume.class, (s, cmd) -> switch (s.status()) {
          case paused -> Effect().persist(new Resumed(articleId, cmd.by(), cmd.at())).thenReply(cmd.replyTo(), this::summary);
          case running -> Effect().reply(cmd.replyTo(), summary(s));
          default -> Effect().reply(cmd.replyTo(), Rejection.conflict("The campaign is " + s.status() + "."));
        })
        .onCommand(Cancel.class, (s, cmd) -> switch (s.status()) {
          case running, paused -> Effect().persist(new Cancelled(articleId, cmd.by(), cmd.at())).thenReply(cmd.replyTo(), this::summary);
          case cancelled -> Effect().reply(cmd.replyTo(), summary(s));
          case completed -> Effect().reply(cmd.replyTo(), Rejection.conflict("The campaign has completed."));
        })
        .onCommand(Complete.class, (s, cmd) -> s.status() == Status.running && s.total() >= 0
            ? Effect().persist(new Completed(articleId, cmd.at())).thenReply(cmd.replyTo(), this::summary)
            : Effect().reply(cmd.replyTo(), summary(s)))
        .onCommand(Get.class, (s, cmd) -> Effect().reply(cmd.replyTo(), summary(s)));
    return builder.build();
  }

  private StatusReply<Summary> summary(State state) {
    if (!(state instanceof Active a)) return Rejection.notFound("No campaign for that article.");
    return StatusReply.success(new Summary(articleId, a.status(), a.total()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(NotStarted.class)
        .onEvent(Started.class, (s, e) -> new Active(e.title(), e.url(), e.publishedAt(), Status.running, -1));
    builder.forStateType(Active.class)
        .onEvent(RecipientsListed.class, (s, e) -> new Active(s.title(), s.url(), s.publishedAt(), s.status(), e.total()))
        .onEvent(Paused.class, (s, e) -> s.with(Status.paused))
        .onEvent(Resumed.class, (s, e) -> s.with(Status.running))
        .onEvent(Cancelled.class, (s, e) -> s.with(Status.cancelled))
        .onEvent(Completed.class, (s, e) -> s.with(Status.completed));
    return builder.build();
  }
}
