package org.maproom.engagement.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.maproom.contracts.http.EngagementApi;
import org.maproom.platform.EventSourcedEntity;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.projection.EntityTags;

/**
 * The reactions and votes of the readers of one article whose ids hash into one bucket: the per-reader records that
 * make the counts exact. An article's readers are spread over {@link #BUCKETS} such entities, so none grows large
 * however viral the article, and {@link ArticleEngagement} keeps only the counts. Each change is an event that
 * {@code ChoiceTallies} applies to the article's counts, at least once, deduplicated by sequence number.
 * Rules that need the article (is it published, is the poll open, is the option real) are checked before a
 * command gets here.
 */
public final class ReaderChoices
    extends EventSourcedEntity<ReaderChoices.Command, ReaderChoices.Event, ReaderChoices.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ReaderChoices");
  /** Fixed for good: a reader's bucket must never move, or their earlier choices would be forgotten. */
  public static final int BUCKETS = 512;
  public static final EntityTags TAGS = new EntityTags("choices", 4);

  /** The bucket entity that holds this reader's choices on this article. */
  public static String entityId(String articleId, String readerId) {
    // String.hashCode is the same on every JVM; mixing its bits (MurmurHash3's finalizer) spreads similar ids.
    int h = readerId.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return articleId + "#" + Math.floorMod(h, BUCKETS);
  }

  private static String articleOf(String entityId) {
    return entityId.substring(0, entityId.lastIndexOf('#'));
  }

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  /** Take ({@code held}) or take back a reaction. Setting what is already so writes nothing. */
  public record SetReaction(String readerId, String kind, boolean held, ActorRef<StatusReply<EngagementApi.ReaderChoices>> replyTo)
      implements Command {}

  /** Vote, or change one's vote. Voting for the option one holds writes nothing. */
  public record Vote(String readerId, String optionId, ActorRef<StatusReply<EngagementApi.ReaderChoices>> replyTo) implements Command {}

  public record Get(String readerId, ActorRef<StatusReply<EngagementApi.ReaderChoices>> replyTo) implements Command {}

  // ---- events ----
  public sealed interface Event extends JsonSerializable {
    String articleId();

    /** What this event changes in the article's counts. */
    ArticleEngagement.ChoiceChange change(String bucket, long sequenceNr);
  }

  public record ReactionSet(String articleId, String readerId, String kind, boolean held) implements Event {
    @Override
    public ArticleEngagement.ChoiceChange change(String bucket, long sequenceNr) {
      return new ArticleEngagement.ChoiceChange(bucket, sequenceNr, Map.of(kind, held ? 1L : -1L), Map.of());
    }
  }

  /** {@code previousOptionId}: null for a first vote. */
  public record VoteCast(String articleId, String readerId, String optionId, String previousOptionId) implements Event {
    @Override
    public ArticleEngagement.ChoiceChange change(String bucket, long sequenceNr) {
      Map<String, Long> votes = new HashMap<>(Map.of(optionId, 1L));
      if (previousOptionId != null) votes.put(previousOptionId, -1L);
      return new ArticleEngagement.ChoiceChange(bucket, sequenceNr, Map.of(), votes);
    }
  }

  // ---- state ----
  public record Mine(Set<String> reactions, String vote) implements JsonSerializable {
    static final Mine NONE = new Mine(Set.of(), null);

    Mine withReaction(String kind, boolean held) {
      Set<String> kinds = new HashSet<>(reactions);
      if (held) kinds.add(kind);
      else kinds.remove(kind);
      return new Mine(Set.copyOf(kinds), vote);
    }

    EngagementApi.ReaderChoices toApi() {
      return new EngagementApi.ReaderChoices(reactions, vote);
    }
  }

  /** Readers with at least one reaction or a vote. Never changed in place (snapshots may be serialized meanwhile). */
  public record State(Map<String, Mine> readers) implements JsonSerializable {
    Mine of(String readerId) {
      return readers.getOrDefault(readerId, Mine.NONE);
    }

    State with(String readerId, Mine mine) {
      Map<String, Mine> next = new HashMap<>(readers);
      if (mine.reactions().isEmpty() && mine.vote() == null) next.remove(readerId);
      else next.put(readerId, mine);
      return new State(next);
    }
  }

  // ---- wiring ----
  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String entityId) {
    return new ReaderChoices(entityId);
  }

  private final String articleId;

  private ReaderChoices(String entityId) {
    super(ENTITY_KEY, entityId, TAGS.forEntity(articleOf(entityId)));
    this.articleId = articleOf(entityId);
  }

  @Override
  public State emptyState() {
    return new State(Map.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(SetReaction.class, (state, cmd) -> state.of(cmd.readerId()).reactions().contains(cmd.kind()) == cmd.held()
            ? Effect().reply(cmd.replyTo(), StatusReply.success(state.of(cmd.readerId()).toApi()))
            : Effect().persist(new ReactionSet(articleId, cmd.readerId(), cmd.kind(), cmd.held()))
                .thenReply(cmd.replyTo(), s -> StatusReply.success(s.of(cmd.readerId()).toApi())))
        .onCommand(Vote.class, (state, cmd) -> cmd.optionId().equals(state.of(cmd.readerId()).vote())
            ? Effect().reply(cmd.replyTo(), StatusReply.success(state.of(cmd.readerId()).toApi()))
            : Effect().persist(new VoteCast(articleId, cmd.readerId(), cmd.optionId(), state.of(cmd.readerId()).vote()))
                .thenReply(cmd.replyTo(), s -> StatusReply.success(s.of(cmd.readerId()).toApi())))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), StatusReply.success(state.of(cmd.readerId()).toApi())))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(ReactionSet.class, (s, e) -> s.with(e.readerId(), s.of(e.readerId()).withReaction(e.kind(), e.held())))
        .onEvent(VoteCast.class, (s, e) -> {
          Mine mine = s.of(e.readerId());
          return s.with(e.readerId(), new Mine(mine.reactions(), e.optionId()));
        })
        .build();
  }
}
