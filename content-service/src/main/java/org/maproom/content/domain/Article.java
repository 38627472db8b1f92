package org.maproom.content.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.maproom.platform.EventSourcedEntity;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.Rejection;
import org.maproom.platform.projection.EntityTags;

/**
 * One article: draft → scheduled → published → unpublished (and back). Its id is the slug it was created with and
 * never changes; its current slug may (old ones keep redirecting). Editing a published article makes revisions, at
 * most one per {@link #REVISION_WINDOW} of continuous editing. The Markdown body is rendered and sanitized on write.
 */
public final class Article extends EventSourcedEntity<Article.Command, Article.Event, Article.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Article");
  public static final EntityTags TAGS = new EntityTags("article", 4);
  public static final Duration REVISION_WINDOW = Duration.ofMinutes(10);

  // ---- values ----
  public record Cover(String url, String alt) implements JsonSerializable {}

  public record Seo(String title, String description, String ogTitle, String ogDescription, String ogImage)
      implements JsonSerializable {}

  public record PollOption(String id, String label) implements JsonSerializable {}

  public record Poll(String question, List<PollOption> options, Instant closesAt) implements JsonSerializable {}

  public record Promo(String text, String price, String originalPrice, Integer discountPercent, String link)
      implements JsonSerializable {}

  /** What the writer typed (poll option ids are assigned on render). */
  public record Draft(String title, String dek, String section, List<String> tags, String bodyMarkdown, Cover cover,
      Seo seo, Poll poll, Promo promo, List<String> readNext) implements JsonSerializable {}

  /** A valid, rendered article body and its settings. */
  public record Content(String title, String dek, String section, List<String> tags, String bodyMarkdown,
      String bodyHtml, int readingMinutes, Cover cover, Seo seo, Poll poll, Promo promo, List<String> readNext)
      implements JsonSerializable {}

  /** Who asks: authors act on their own articles, admins on any. */
  public record By(String accountId, boolean admin) implements JsonSerializable {}

  public enum Status { draft, scheduled, published, unpublished }

  /** What readers see of a live article: carried by the events that change it, so publishing needs nothing else. */
  public record LiveView(String slug, String authorName, Instant publishedAt, Instant updatedAt, Content content)
      implements JsonSerializable {}

  // ---- commands ----
  /** Every command is answered with the article as it is afterwards, or a rejection. */
  public sealed interface Command extends JsonSerializable {
    ActorRef<StatusReply<Written>> replyTo();
  }

  public record Create(Draft draft, String authorId, String authorName, Instant at, ActorRef<StatusReply<Written>> replyTo)
      implements Command {}

  /** {@code newRevision}: start a new revision even inside the window (a restore does). */
  public record Edit(Draft draft, String reason, boolean newRevision, By by, Instant at, ActorRef<StatusReply<Written>> replyTo)
      implements Command {}

  public record Schedule(Instant publishAt, By by, Instant at, ActorRef<StatusReply<Written>> replyTo) implements Command {}

  public record Publish(By by, Instant at, ActorRef<StatusReply<Written>> replyTo) implements Command {}

  /** From the scheduler: publish if the scheduled time has come (and it is still scheduled). */
  public record PublishDue(Instant at, ActorRef<StatusReply<Written>> replyTo) implements Command {}

  public record Unpublish(By by, Instant at, ActorRef<StatusReply<Written>> replyTo) implements Command {}

  /** The route has claimed {@code slug} for this article already (slugs are unique across articles). */
  public record ChangeSlug(String slug, By by, Instant at, ActorRef<StatusReply<Written>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Written>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {}

  public record Created(String articleId, Content content, String authorId, String authorName, Instant at) implements Event {}

  /** {@code revision}: the revision this edit belongs to (0 while never published). {@code live}: set when published. */
  public record Edited(String articleId, Content content, String reason, int revision, Instant at, LiveView live)
      implements Event {}

  public record Scheduled(String articleId, Instant publishAt, Instant at) implements Event {}

  public record Published(String articleId, int revision, LiveView live) implements Event {}

  public record Unpublished(String articleId, String slug, Instant at) implements Event {}

  public record SlugChanged(String articleId, String from, String to, Instant at, LiveView live) implements Event {}

  // ---- state ----
  public sealed interface State extends JsonSerializable {}

  public record Blank() implements State {}

  /** The article; also the reply to every command. */
  public record Written(String id, String slug, List<String> retiredSlugs, Status status, Content content,
      String authorId, String authorName, Instant createdAt, Instant updatedAt, Instant publishAt, Instant publishedAt,
      int revision, Instant revisionStartedAt) implements State {
    // revisionStartedAt: when the current run of edits began; null when the next edit starts a new revision.

    Written with(Status s, Content c, Instant updated, Instant publishAt, Instant publishedAt, int revision, Instant revisionAt) {
      return new Written(id, slug, retiredSlugs, s, c, authorId, authorName, createdAt, updated, publishAt, publishedAt,
          revision, revisionAt);
    }

    LiveView live(Content c, Instant updated) {
      return new LiveView(slug, authorName, publishedAt, updated, c);
    }
  }

  // ---- wiring ----
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String articleId) {
    return Behaviors.setup(ctx -> new Article(articleId));
  }

  private final String articleId;

  private Article(String articleId) {
    super(ENTITY_KEY, articleId, TAGS.forEntity(articleId));
    this.articleId = articleId;
  }

  @Override
  public State emptyState() {
    return new Blank();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(Blank.class)
        .onCommand(Create.class, (state, cmd) -> create(cmd))
        .onAnyCommand((state, cmd) -> Effect().reply(cmd.replyTo(), Rejection.notFound("There is no article '" + articleId + "'.")));
    builder.forStateType(Written.class)
        .onCommand(Create.class, (s, cmd) ->
            Effect().reply(cmd.replyTo(), Rejection.conflict("The slug '" + articleId + "' is taken by another article.")))
        .onCommand(Get.class, (s, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(s)))
        .onCommand(Edit.class, (s, cmd) -> ifAllowed(s, cmd.by(), cmd.replyTo(), () -> edit(s, cmd)))
        .onCommand(Schedule.class, (s, cmd) -> ifAllowed(s, cmd.by(), cmd.replyTo(), () -> schedule(s, cmd)))
        .onCommand(Publish.class, (s, cmd) -> ifAllowed(s, cmd.by(), cmd.replyTo(), () -> publish(s, cmd.at(), cmd.replyTo())))
        .onCommand(PublishDue.class, (s, cmd) ->
            s.status() == Status.scheduled && !s.publishAt().isAfter(cmd.at())
                ? publish(s, cmd.at(), cmd.replyTo())
                : Effect().reply(cmd.replyTo(), StatusReply.success(s)))
        .onCommand(Unpublish.class, (s, cmd) -> ifAllowed(s, cmd.by(), cmd.replyTo(), () -> unpublish(s, cmd)))
        .onCommand(ChangeSlug.class, (s, cmd) -> ifAllowed(s, cmd.by(), cmd.replyTo(), () -> changeSlug(s, cmd)));
    return builder.build();
  }

  private ReplyEffect<Event, State> create(Create cmd) {
    var outcome = ArticleRules.render(cmd.draft(), articleId, cmd.at());
    if (outcome instanceof ArticleRules.Invalid invalid) return Effect().reply(cmd.replyTo(), Rejection.invalid(invalid.reason()));
    Content content = ((ArticleRules.Valid) outcome).content();
    return Effect().persist(new Created(articleId, content, cmd.authorId(), cmd.authorName(), cmd.at()))
        .thenReply(cmd.replyTo(), s -> StatusReply.success((Written) s));
  }

  private ReplyEffect<Event, State> edit(Written s, Edit cmd) {
    var outcome = ArticleRules.render(cmd.draft(), articleId, cmd.at());
    if (outcome instanceof ArticleRules.Invalid invalid) return Effect().reply(cmd.replyTo(), Rejection.invalid(invalid.reason()));
    Content content = ((ArticleRules.Valid) outcome).content();
    boolean live = s.status() == Status.published;
    int revision = s.revision();
    // A new revision unless this continues an edit made within the window (publishing ends a run of edits).
    boolean continuing = s.revisionStartedAt() != null && cmd.at().isBefore(s.revisionStartedAt().plus(REVISION_WINDOW));
    if (live && (cmd.newRevision() || !continuing)) revision++;
    String reason = cmd.reason() == null ? "" : cmd.reason().strip();
    var edited = new Edited(articleId, content, reason.length() > 200 ? reason.substring(0, 200) : reason, revision,
        cmd.at(), live ? s.live(content, cmd.at()) : null);
    return Effect().persist(edited).thenReply(cmd.replyTo(), st -> StatusReply.success((Written) st));
  }

  private ReplyEffect<Event, State> schedule(Written s, Schedule cmd) {
    if (s.status() == Status.published) {
      return Effect().reply(cmd.replyTo(), Rejection.conflict("The article is published already; unpublish it first."));
    }
    if (cmd.publishAt() == null || !cmd.publishAt().isAfter(cmd.at())) {
      return Effect().reply(cmd.replyTo(), Rejection.invalid("The publication time must be in the future."));
    }
    return Effect().persist(new Scheduled(articleId, cmd.publishAt(), cmd.at()))
        .thenReply(cmd.replyTo(), st -> StatusReply.success((Written) st));
  }

  private ReplyEffect<Event, State> publish(Written s, Instant at, ActorRef<StatusReply<Written>> replyTo) {
    if (s.status() == Status.published) return Effect().reply(replyTo, StatusReply.success(s)); // a retry
    // The first publication sets the publication time; a republication keeps it.
    Instant publishedAt = s.publishedAt() == null ? at : s.publishedAt();
    var live = new LiveView(s.slug(), s.authorName(), publishedAt, at, s.content());
    return Effect().persist(new Published(articleId, s.revision() + 1, live))
        .thenReply(replyTo, st -> StatusReply.success((Written) st));
  }

  private ReplyEffect<Event, State> unpublish(Written s, Unpublish cmd) {
    if (s.status() == Status.unpublished) return Effect().reply(cmd.replyTo(), StatusReply.success(s));
    if (s.status() != Status.published) {
      return Effect().reply(cmd.replyTo(), Rejection.conflict("Only a published article can be unpublished."));
    }
    return Effect().persist(new Unpublished(articleId, s.slug(), cmd.at()))
        .thenReply(cmd.replyTo(), st -> StatusReply.success((Written) st));
  }

  private ReplyEffect<Event, State> changeSlug(Written s, ChangeSlug cmd) {
    if (!Slugs.isValid(cmd.slug())) return Effect().reply(cmd.replyTo(), Rejection.invalid("That is not a valid slug."));
    if (cmd.slug().equals(s.slug())) return Effect().reply(cmd.replyTo(), StatusReply.success(s));
    LiveView live = s.status() == Status.published
        ? new LiveView(cmd.slug(), s.authorName(), s.publishedAt(), cmd.at(), s.content()) : null;
    return Effect().persist(new SlugChanged(articleId, s.slug(), cmd.slug(), cmd.at(), live))
        .thenReply(cmd.replyTo(), st -> StatusReply.success((Written) st));
  }

  private ReplyEffect<Event, State> ifAllowed(Written s, By by, ActorRef<StatusReply<Written>> replyTo,
      java.util.function.Supplier<ReplyEffect<Event, State>> effect) {
    if (by.admin() || s.authorId().equals(by.accountId())) return effect.get();
    return Effect().reply(replyTo, Rejection.forbidden("Only the article's author or an admin may change it."));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Blank.class).onEvent(Created.class, (s, e) ->
        new Written(articleId, articleId, List.of(), Status.draft, e.content(), e.authorId(), e.authorName(), e.at(),
            e.at(), null, null, 0, null));
    builder.forStateType(Written.class)
        .onEvent(Edited.class, (s, e) -> s.with(s.status(), e.content(), e.at(), s.publishAt(), s.publishedAt(),
            e.revision(), e.revision() != s.revision() ? e.at() : s.revisionStartedAt()))
        .onEvent(Scheduled.class, (s, e) -> s.with(Status.scheduled, s.content(), e.at(), e.publishAt(), s.publishedAt(),
            s.revision(), s.revisionStartedAt()))
        .onEvent(Published.class, (s, e) -> s.with(Status.published, s.content(), e.live().updatedAt(), null,
            e.live().publishedAt(), e.revision(), null))
        .onEvent(Unpublished.class, (s, e) -> s.with(Status.unpublished, s.content(), e.at(), null, s.publishedAt(),
            s.revision(), s.revisionStartedAt()))
        .onEvent(SlugChanged.class, (s, e) -> {
          List<String> retired = new ArrayList<>(s.retiredSlugs());
          retired.add(e.from());
          retired.remove(e.to()); // taking an old slug back
          return new Written(s.id(), e.to(), List.copyOf(retired), s.status(), s.content(), s.authorId(), s.authorName(),
              s.createdAt(), e.at(), s.publishAt(), s.publishedAt(), s.revision(), s.revisionStartedAt());
        });
    return builder.build();
  }
}
