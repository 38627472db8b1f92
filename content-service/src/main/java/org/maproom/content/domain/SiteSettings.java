package org.maproom.content.domain;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.PersistFailures;
import org.maproom.platform.Rejection;

/**
 * The site's settings, one entity for the whole site: the publication's and writer's names, the writer's bio, the
 * support links ("Stand with me"), the default promotion banner (shown when an article sets none) and the reaction
 * kinds readers can tap. Until an admin saves settings, the defaults from configuration apply.
 */
public final class SiteSettings
    extends EventSourcedBehaviorWithEnforcedReplies<SiteSettings.Command, SiteSettings.Event, SiteSettings.Settings> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "SiteSettings");
  /** There is one site. */
  public static final String ID = "site";

  public record Link(String label, String url) implements JsonSerializable {}

  public record Settings(String publication, String writerName, String writerBio, List<Link> supportLinks,
      Article.Promo defaultPromo, List<String> reactionKinds, Instant updatedAt) implements JsonSerializable {}

  public sealed interface Command extends JsonSerializable {}

  public record Update(Settings settings, Instant at, ActorRef<StatusReply<Settings>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<Settings>> replyTo) implements Command {}

  public sealed interface Event extends JsonSerializable {}

  public record Updated(Settings settings) implements Event {}

  public static void init(ActorSystem<?> system, Settings defaults) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(defaults)));
  }

  public static Behavior<Command> create(Settings defaults) {
    return Behaviors.setup(ctx -> new SiteSettings(defaults));
  }

  private final Settings defaults;

  private SiteSettings(Settings defaults) {
    super(PersistenceId.of(ENTITY_KEY.name(), ID), PersistFailures.RESTART_WITH_BACKOFF);
    this.defaults = defaults;
  }

  @Override
  public Settings emptyState() {
    return defaults;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, Settings> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Get.class, (s, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(s)))
        .onCommand(Update.class, (s, cmd) -> {
          try {
            Settings valid = validate(cmd.settings(), cmd.at());
            return Effect().persist(new Updated(valid)).thenReply(cmd.replyTo(), st -> StatusReply.success(st));
          } catch (IllegalArgumentException e) {
            return Effect().reply(cmd.replyTo(), Rejection.invalid(e.getMessage()));
          }
        })
        .build();
  }

  @Override
  public EventHandler<Settings, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Updated.class, (s, e) -> e.settings()).build();
  }

  static Settings validate(Settings s, Instant at) {
    String publication = text(s.publication(), "publication name", 1, 100);
    String writer = text(s.writerName(), "writer's name", 1, 100);
    String bio = text(s.writerBio(), "writer's bio", 0, 1000);
    List<Link> links = s.supportLinks() == null ? List.of() : s.supportLinks();
    if (links.size() > 10) throw new IllegalArgumentException("At most 10 support links.");
    for (Link l : links) {
      text(l.label(), "support link's label", 1, 60);
      if (!isWebUrl(l.url())) throw new IllegalArgumentException("Support links must be http(s) URLs.");
    }
    Article.Promo promo = s.defaultPromo();
    if (promo != null && (text(promo.text(), "promotion text", 1, 200).isEmpty() || !isWebUrl(promo.link()))) {
      throw new IllegalArgumentException("The default promotion needs a text and an http(s) link.");
    }
    List<String> kinds = s.reactionKinds() == null ? List.of() : s.reactionKinds();
    Set<String> distinct = new LinkedHashSet<>();
    for (String k : kinds) distinct.add(text(k, "reaction kind", 1, 30).toLowerCase(Locale.ROOT));
    if (distinct.isEmpty() || distinct.size() > 8 || distinct.size() != kinds.size()) {
      throw new IllegalArgumentException("1 to 8 distinct reaction kinds.");
    }
    return new Settings(publication, writer, bio, List.copyOf(links), promo, List.copyOf(kinds.stream().map(String::strip).toList()), at);
  }

  private static String text(String value, String what, int min, int max) {
    String v = value == null ? "" : value.strip();
    if (v.length() < min || v.length() > max) {
      throw new IllegalArgumentException("The " + what + " must be " + (min == 0 ? "at most " + max : min + " to " + max) + " characters.");
    }
    return v;
  }

  private static boolean isWebUrl(String url) {
    try {
      URI uri = new URI(url == null ? "" : url.strip());
      return uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
