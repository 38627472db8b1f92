package org.maproom.content.domain;

import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import java.util.Set;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.PersistFailures;
import org.maproom.platform.Rejection;
import org.maproom.platform.projection.EntityTags;

/**
 * One article, from draft to published. Its id is the slug it was created with. The body is Markdown, rendered to
 * sanitized HTML once, when it is written.
 */
public final class Article
    extends EventSourcedBehaviorWithEnforcedReplies<Article.Command, Article.Event, Article.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Article");
  public static final EntityTags TAGS = new EntityTags("article", 4);
  public static final String DEFAULT_SECTION = "Commentary";
  static final int MAX_TITLE = 200;
  static final int MAX_DEK = 300;
  static final int MAX_SECTION = 60;
  static final int MAX_BODY = 100_000;

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  /** What the writer typed. */
  public record Draft(String title, String dek, String section, String bodyMarkdown) implements JsonSerializable {}

  public record Create(Draft draft, String authorId, String authorName, Instant at, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  public record Publish(String byAccountId, boolean byAdmin, Instant at, ActorRef<StatusReply<Summary>> replyTo)
      implements Command {}

  public record Get(ActorRef<StatusReply<Summary>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {}

  public record Created(
      String articleId, String title, String dek, String section, String authorId, String authorName,
      String bodyMarkdown, String bodyHtml, Instant at) implements Event {}

  /** Carries the article's public view, so the publisher maps it to the public event from the event alone. */
  public record Published(
      String articleId, String title, String dek, String section, String authorName, Instant publishedAt)
      implements Event {}

  // ---- state ----
  public sealed interface State extends JsonSerializable {}

  public record Blank() implements State {}

  public record Written(Created content, Instant publishedAt) implements State {
    boolean isPublished() {
      return publishedAt != null;
    }
  }

  /** The reply to every command. {@code publishedAt} is null while a draft. */
  public record Summary(
      String id, String title, String dek, String section, String authorId, String authorName, String bodyHtml,
      Instant createdAt, Instant publishedAt) implements JsonSerializable {}

  // ---- wiring ----
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String articleId) {
    return Behaviors.setup(ctx -> new Article(articleId));
  }

  private final String articleId;

  private Article(String articleId) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), articleId),
        PersistFailures.RESTART_WITH_BACKOFF);
    this.articleId = articleId;
  }

  @Override
  public State emptyState() {
    return new Blank();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAGS.forEntity(articleId));
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(Blank.class)
        .onCommand(Create.class, (state, cmd) -> create(cmd))
        .onCommand(Publish.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), notFound()));
    builder.forStateType(Written.class)
        .onCommand(Create.class, (state, cmd) ->
            Effect().reply(cmd.replyTo(), Rejection.conflict("The slug '" + articleId + "' is taken by another article.")))
        .onCommand(Publish.class, this::publish)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(summary(state))));
    return builder.build();
  }

  private StatusReply<Summary> notFound() {
    return Rejection.notFound("There is no article '" + articleId + "'.");
  }

  private ReplyEffect<Event, State> create(Create cmd) {
    Draft d = cmd.draft();
    String title = trim(d.title());
    String dek = trim(d.dek());
    String section = trim(d.section()).isEmpty() ? DEFAULT_SECTION : trim(d.section());
    String body = d.bodyMarkdown() == null ? "" : d.bodyMarkdown();
    String problem =
        title.isEmpty() ? "The title must not be empty."
        : title.length() > MAX_TITLE ? "The title must be at most " + MAX_TITLE + " characters."
        : dek.length() > MAX_DEK ? "The dek must be at most " + MAX_DEK + " characters."
        : section.length() > MAX_SECTION ? "The section must be at most " + MAX_SECTION + " characters."
        : body.isBlank() ? "The body must not be empty."
        : body.length() > MAX_BODY ? "The body must be at most " + MAX_BODY + " characters."
        : null;
    if (problem != null) return Effect().reply(cmd.replyTo(), Rejection.invalid(problem));
    var created = new Created(articleId, title, dek, section, cmd.authorId(), cmd.authorName(), body, Markdown.toSafeHtml(body), cmd.at());
    return Effect().persist(created).thenReply(cmd.replyTo(), state -> StatusReply.success(summary((Written) state)));
  }

  private ReplyEffect<Event, State> publish(Written state, Publish cmd) {
    if (!cmd.byAdmin() && !state.content().authorId().equals(cmd.byAccountId())) {
      return Effect().reply(cmd.replyTo(), Rejection.forbidden("Only the article's author may publish it."));
    }
    if (state.isPublished()) {
      // Publishing twice is not an error: the client may be retrying.
      return Effect().reply(cmd.replyTo(), StatusReply.success(summary(state)));
    }
    Created c = state.content();
    var published = new Published(articleId, c.title(), c.dek(), c.section(), c.authorName(), cmd.at());
    return Effect().persist(published).thenReply(cmd.replyTo(), s -> StatusReply.success(summary((Written) s)));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Blank.class).onEvent(Created.class, (state, e) -> new Written(e, null));
    builder.forStateType(Written.class).onEvent(Published.class, (state, e) -> new Written(state.content(), e.publishedAt()));
    return builder.build();
  }

  private static Summary summary(Written s) {
    Created c = s.content();
    return new Summary(c.articleId(), c.title(), c.dek(), c.section(), c.authorId(), c.authorName(), c.bodyHtml(), c.at(), s.publishedAt());
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }
}
