package org.maproom.engagement.domain;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.maproom.contracts.http.EngagementApi.Counters;
import org.maproom.contracts.http.EngagementApi.History;
import org.maproom.engagement.snapshots.CounterSnapshots;
import org.maproom.platform.EventSourcedEntity;
import org.maproom.platform.JsonSerializable;
import org.maproom.platform.Rejection;
import org.maproom.platform.projection.EntityTags;

/**
 * One article's engagement counters (definitions in DESIGN.md, "Counter definitions"). It opens for readers once
 * content-service has published the article (learned from maproom.content.v1).
 *
 * <p>Hits are group-committed: while one batch is being written to the journal, the hits that arrive wait, and the
 * next write carries all of them as one event. Every caller is answered once its hit is in the journal. So a hot
 * article costs one journal round trip per batch, not per hit.
 *
 * <p>Reading now is live state (who sent a heartbeat in the last minute) and is never persisted; a restarted
 * entity learns it again from the next heartbeats, within 20 seconds.
 */
public final class ArticleEngagement
    extends EventSourcedEntity<ArticleEngagement.Command, ArticleEngagement.Event, ArticleEngagement.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "ArticleEngagement");
  public static final EntityTags TAGS = new EntityTags("engagement", 4);
  public static final Set<String> SHARE_CHANNELS = Set.of("copy-link", "x", "bluesky", "mastodon", "linkedin", "email", "native");
  public static final Duration READING_WINDOW = Duration.ofSeconds(60);
  /** Referring domains counted by name; the rest are "other". A page shows the top {@link #TOP_DOMAINS}. */
  static final int TRACKED_DOMAINS = 200;
  static final int TOP_DOMAINS = 20;
  public static final String OTHER = "other";

  // ---- commands ----
  public sealed interface Command extends JsonSerializable {}

  /** The article is published, with this poll (null for none): readers may now be counted. Idempotent. */
  public record Open(Poll poll, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * May a reader react, or vote for {@code optionId} (null for a reaction), at {@code at}? Not found if the article
   * is not published; invalid if there is no such option or the poll has closed.
   */
  public record Admit(String optionId, Instant at, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /**
   * Readers' taps and votes, in order: which of them may count, each address admitting as many distinct readers per
   * hour as its hit budget ({@link AddressBudget.Readers}). Answered with one flag per choice; a choice that may not
   * is answered as usual and not applied. Not found if the article is not published.
   */
  public record SpendChoices(List<Chooser> choosers, Instant at, ActorRef<StatusReply<Admitted>> replyTo) implements Command {}

  /** Who made a choice, and from where (never persisted). */
  public record Chooser(String readerId, String address) implements JsonSerializable {}

  /** One flag per choice, in order: whether it counts. (A record, so that it crosses nodes.) */
  public record Admitted(List<Boolean> counted) implements JsonSerializable {}

  /**
   * Readers' reactions and votes, as their {@link ReaderChoices} buckets recorded them. Delivered at least once;
   * a change is applied only if its sequence number is past the last one applied from its bucket.
   */
  public record ApplyChoices(List<ChoiceChange> changes, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** What one bucket event changes in the counts, e.g. {"Moved": +1} or {"2": +1, "1": -1}. */
  public record ChoiceChange(String bucket, long sequenceNr, Map<String, Long> reactions, Map<String, Long> votes)
      implements JsonSerializable {}

  /**
   * Readers' views (a gateway sends many at once) or a share; answered with the counters once they are in the journal.
   * {@code addresses}: where each hit came from, in the same order, for the per-address budget ({@link AddressBudget};
   * never persisted); null only for hits the entity makes itself, which spend no budget.
   */
  public record Record(List<Hit> hits, List<String> addresses, ActorRef<StatusReply<Counters>> replyTo) implements Command {
    public Record(List<Hit> hits, ActorRef<StatusReply<Counters>> replyTo) {
      this(hits, null, replyTo);
    }
  }

  /** A visible tab is still open on the article. */
  public record Heartbeat(String readerId, Instant at, ActorRef<StatusReply<Counters>> replyTo) implements Command {}

  /** Comments: idempotent per comment id, and in order per article (the topic is keyed by article). */
  public record ShowComment(String commentId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record HideComment(String commentId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Get(Instant at, ActorRef<StatusReply<Counters>> replyTo) implements Command {}

  public record GetHistory(ActorRef<StatusReply<History>> replyTo) implements Command {}

  /** Internal: write what has gathered since the last write. */
  private record Flush() implements Command {}

  // ---- hits ----
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Hit.View.class, name = "view"),
    @JsonSubTypes.Type(value = Hit.Active.class, name = "active"),
    @JsonSubTypes.Type(value = Hit.Share.class, name = "share")
  })
  public sealed interface Hit {
    String readerId();

    Instant at();

    /** {@code inboundDomain}: the referring site, or null for a visit from nowhere or from the site itself. */
    record View(String readerId, Instant at, String inboundDomain) implements Hit {}

    /** A reader still reading in a new hour: counts toward active 24h. */
    record Active(String readerId, Instant at) implements Hit {}

    record Share(String readerId, Instant at, String channel) implements Hit {}
  }

  // ---- events ----
  public sealed interface Event extends JsonSerializable {}

  /** {@code poll}: null when it has none (and in events written before polls were counted). */
  public record Opened(String articleId, Poll poll) implements Event {}

  public record PollChanged(String articleId, Poll poll) implements Event {}

  /** Summed changes of one or more bucket events, and the last sequence number now applied per bucket. */
  public record ChoicesApplied(String articleId, Map<String, Long> reactions, Map<String, Long> votes, Map<String, Long> appliedUpTo)
      implements Event {}

  /** One group commit: every hit that arrived during the previous write. */
  public record HitsRecorded(String articleId, List<Hit> hits) implements Event {}

  public record CommentCounted(String articleId, String commentId) implements Event {}

  public record CommentUncounted(String articleId, String commentId) implements Event {}

  // ---- state ----

  /**
   * Small whatever the audience: sketches for distinct readers (one for all time, one per hour for the trailing
   * day), sums by share channel and by referring domain (at most {@link #TRACKED_DOMAINS}), and the ids of visible
   * comments. Never changed in place: a snapshot may be serialized while the entity goes on.
   */
  public record State(
      boolean open,
      long views,
      DistinctReaders reach,
      TreeMap<Long, DistinctReaders> readersByHour,
      Map<String, Long> shares,
      Map<String, Long> inbound,
      Set<String> visibleComments,
      Poll poll,
      Map<String, Long> reactions,
      Map<String, Long> votes,
      Map<String, Long> appliedUpTo,
      TreeMap<Long, Hour> history)
      implements JsonSerializable {

    /** Snapshots written before the history was kept have none. */
    public State {
      if (history == null) history = new TreeMap<>();
    }

    static State empty() {
      return new State(false, 0, new DistinctReaders(), new TreeMap<>(), Map.of(), Map.of(), Set.of(), null, Map.of(), Map.of(), Map.of(),
          new TreeMap<>());
    }

    State opened(Poll newPoll) {
      return new State(true, views, reach, readersByHour, shares, inbound, visibleComments, newPoll, reactions, votes, appliedUpTo, history);
    }

    /** The changes not applied yet: past their bucket's last applied sequence number. */
    List<ChoiceChange> unapplied(List<ChoiceChange> changes) {
      return changes.stream().filter(c -> c.sequenceNr() > appliedUpTo.getOrDefault(c.bucket(), 0L)).toList();
    }

    State apply(ChoicesApplied e) {
      Map<String, Long> applied = new HashMap<>(appliedUpTo);
      applied.putAll(e.appliedUpTo());
      return new State(open, views, reach, readersByHour, shares, inbound, visibleComments, poll,
          plus(reactions, e.reactions()), plus(votes, e.votes()), applied, history);
    }

    State apply(List<Hit> hits) {
      DistinctReaders newReach = reach.copy();
      TreeMap<Long, DistinctReaders> hours = new TreeMap<>(readersByHour);
      Set<Long> copiedHours = new HashSet<>();
      Map<String, Long> newShares = new HashMap<>(shares);
      Map<String, Long> newInbound = new HashMap<>(inbound);
      TreeMap<Long, Hour> newHistory = new TreeMap<>(history);
      long moreViews = 0;
      for (Hit hit : hits) {
        long hour = hourOf(hit.at());
        if (copiedHours.add(hour)) hours.put(hour, hours.containsKey(hour) ? hours.get(hour).copy() : new DistinctReaders());
        hours.get(hour).add(hit.readerId());
        if (hit instanceof Hit.View v) {
          moreViews++;
          newHistory.merge(hour, new Hour(1, 0), (a, b) -> new Hour(a.views() + 1, a.readers()));
          newReach.add(v.readerId());
          if (v.inboundDomain() != null) {
            boolean tracked = newInbound.containsKey(v.inboundDomain()) || newInbound.size() < TRACKED_DOMAINS;
            newInbound.merge(tracked ? v.inboundDomain() : OTHER, 1L, Long::sum);
          }
        } else if (hit instanceof Hit.Share share) {
          newShares.merge(share.channel(), 1L, Long::sum);
        }
      }
      // An hour's readers as its sketch counts them now (a late hit for an hour past the trailing day finds a new,
      // smaller sketch: the larger count stays).
      for (long hour : copiedHours) {
        newHistory.merge(hour, new Hour(0, hours.get(hour).count()), (a, b) -> new Hour(a.views(), Math.max(a.readers(), b.readers())));
      }
      while (!newHistory.isEmpty() && newHistory.firstKey() <= newHistory.lastKey() - HISTORY_HOURS) newHistory.pollFirstEntry();
      // Keep only the hours that a trailing day can still reach from the newest one.
      while (!hours.isEmpty() && hours.firstKey() < hours.lastKey() - 23) hours.pollFirstEntry();
      return new State(open, views + moreViews, newReach, hours, newShares, newInbound, visibleComments, poll, reactions, votes, appliedUpTo,
          newHistory);
    }

    State withComment(String commentId, boolean visible) {
      Set<String> comments = new HashSet<>(visibleComments);
      if (visible) comments.add(commentId);
      else comments.remove(commentId);
      return new State(open, views, reach, readersByHour, shares, inbound, comments, poll, reactions, votes, appliedUpTo, history);
    }

    History history(String articleId) {
      return new History(articleId, history.entrySet().stream()
          .map(e -> new History.Hour(Instant.ofEpochSecond(e.getKey() * 3600), e.getValue().views(), e.getValue().readers())).toList());
    }

    /** The hours of the trailing day before {@code hour}, oldest first. */
    List<DistinctReaders> earlierInDay(long hour) {
      return List.copyOf(readersByHour.subMap(hour - 23, true, hour, false).values());
    }
  }

  /** One hour of an article's history: views in it, and distinct readers in it (estimated). */
  public record Hour(long views, long readers) implements JsonSerializable {}

  static final int HISTORY_HOURS = History.HISTORY_DAYS * 24;

  static Map<String, Long> plus(Map<String, Long> counts, Map<String, Long> deltas) {
    Map<String, Long> sum = new HashMap<>(counts);
    deltas.forEach((k, d) -> sum.merge(k, d, Long::sum));
    sum.values().removeIf(n -> n == 0);
    return sum;
  }

  static long hourOf(Instant at) {
    return at.getEpochSecond() / 3600;
  }

  // ---- wiring ----
  /**
   * {@code perAddressPerHour}: the hits one address may have counted per hour ({@link AddressBudget}; 0: no budget,
   * for load tests from one machine); {@code overBudget}: told how many hits it left uncounted, for the metric.
   */
  public record Limits(int perAddressPerHour, IntConsumer overBudget) {
    public static final Limits NONE = new Limits(0, n -> {});
  }

  /** {@code snapshots}: this node's publisher of live counters, told after every change. */
  public static void init(ActorSystem<?> system, ActorRef<CounterSnapshots.Command> snapshots, Limits limits) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), snapshots, limits)));
  }

  public static Behavior<Command> create(String articleId, ActorRef<CounterSnapshots.Command> snapshots) {
    return create(articleId, snapshots, Limits.NONE);
  }

  public static Behavior<Command> create(String articleId, ActorRef<CounterSnapshots.Command> snapshots, Limits limits) {
    return Behaviors.setup(ctx -> new ArticleEngagement(ctx, articleId, snapshots, limits));
  }

  private final ActorContext<Command> ctx;
  private final String articleId;
  private final ActorRef<CounterSnapshots.Command> snapshots;
  private final Limits limits;
  /** What each address has had counted this hour (hits), and whom it has had admitted (choices): live state like reading now. */
  private final AddressBudget budget;
  private final AddressBudget.Readers choosers;
  /** Hits waiting for the next write, with their callers. Lost on a crash, but so are their callers' answers. */
  private List<Record> gathering = new ArrayList<>();
  /**
   * The trailing day's earlier hours merged, kept while they stay the same objects (a state change copies only the
   * hours it touches): counting active 24h after every write then merges just the current hour into it, not 24.
   */
  private record EarlierHours(long hour, List<DistinctReaders> parts, DistinctReaders merged) {
    boolean covers(long atHour, List<DistinctReaders> now) {
      if (atHour != hour || now.size() != parts.size()) return false;
      for (int i = 0; i < now.size(); i++) if (now.get(i) != parts.get(i)) return false;
      return true;
    }
  }

  private EarlierHours earlier;
  /** Reading now: reader → their last heartbeat, and the hour they were last counted active in. */
  private final Map<String, Instant> lastBeat = new HashMap<>();
  private final Map<String, Long> countedInHour = new HashMap<>();

  private ArticleEngagement(ActorContext<Command> ctx, String articleId, ActorRef<CounterSnapshots.Command> snapshots, Limits limits) {
    super(ENTITY_KEY, articleId, TAGS.forEntity(articleId));
    this.ctx = ctx;
    this.articleId = articleId;
    this.snapshots = snapshots;
    this.limits = limits;
    this.budget = limits.perAddressPerHour() == 0 ? null : new AddressBudget(limits.perAddressPerHour());
    this.choosers = limits.perAddressPerHour() == 0 ? null : new AddressBudget.Readers(limits.perAddressPerHour());
  }

  @Override
  public State emptyState() {
    return State.empty();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Open.class, this::onOpen)
        .onCommand(Admit.class, (state, cmd) -> Effect().reply(cmd.replyTo(), admit(state, cmd)))
        .onCommand(SpendChoices.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state.open() ? StatusReply.success(spend(cmd)) : unknown()))
        .onCommand(ApplyChoices.class, this::onApplyChoices)
        .onCommand(Record.class, this::onRecord)
        .onCommand(Heartbeat.class, this::onHeartbeat)
        .onCommand(Flush.class, this::onFlush)
        .onCommand(ShowComment.class, (state, cmd) -> state.visibleComments().contains(cmd.commentId())
            ? Effect().reply(cmd.replyTo(), StatusReply.ack())
            : Effect().persist(new CommentCounted(articleId, cmd.commentId())).thenRun(this::changed)
                .thenReply(cmd.replyTo(), s -> StatusReply.ack()))
        .onCommand(HideComment.class, (state, cmd) -> !state.visibleComments().contains(cmd.commentId())
            ? Effect().reply(cmd.replyTo(), StatusReply.ack())
            : Effect().persist(new CommentUncounted(articleId, cmd.commentId())).thenRun(this::changed)
                .thenReply(cmd.replyTo(), s -> StatusReply.ack()))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            state.open() ? StatusReply.success(counters(state, cmd.at())) : unknown()))
        .onCommand(GetHistory.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
            state.open() ? StatusReply.success(state.history(articleId)) : unknown()))
        .build();
  }

  private ReplyEffect<Event, State> onOpen(State state, Open cmd) {
    if (!state.open()) return Effect().persist(new Opened(articleId, cmd.poll())).thenReply(cmd.replyTo(), s -> StatusReply.ack());
    if (java.util.Objects.equals(state.poll(), cmd.poll())) return Effect().reply(cmd.replyTo(), StatusReply.ack());
    return Effect().persist(new PollChanged(articleId, cmd.poll())).thenRun(this::changed).thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private StatusReply<Done> admit(State state, Admit cmd) {
    if (!state.open()) return unknown();
    if (cmd.optionId() == null) return StatusReply.ack();
    if (state.poll() == null) return Rejection.invalid("This article has no poll.");
    return state.poll().refusal(cmd.optionId(), cmd.at()).<StatusReply<Done>>map(Rejection::invalid).orElse(StatusReply.ack());
  }

  private Admitted spend(SpendChoices cmd) {
    List<Boolean> counted = new ArrayList<>(cmd.choosers().size());
    for (Chooser c : cmd.choosers()) counted.add(choosers == null || choosers.admit(c.address(), c.readerId(), cmd.at()));
    long over = counted.stream().filter(ok -> !ok).count();
    if (over > 0) limits.overBudget().accept((int) over);
    return new Admitted(counted);
  }

  private ReplyEffect<Event, State> onApplyChoices(State state, ApplyChoices cmd) {
    List<ChoiceChange> fresh = state.unapplied(cmd.changes());
    if (fresh.isEmpty()) return Effect().reply(cmd.replyTo(), StatusReply.ack());
    Map<String, Long> reactions = new HashMap<>();
    Map<String, Long> votes = new HashMap<>();
    Map<String, Long> upTo = new HashMap<>();
    for (ChoiceChange c : fresh) {
      c.reactions().forEach((k, d) -> reactions.merge(k, d, Long::sum));
      c.votes().forEach((k, d) -> votes.merge(k, d, Long::sum));
      upTo.merge(c.bucket(), c.sequenceNr(), Math::max);
    }
    return Effect().persist(new ChoicesApplied(articleId, reactions, votes, upTo)).thenRun(this::changed)
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  /** Hits over their address's budget are left out; a caller whose every hit was is answered with the counters as they are. */
  private ReplyEffect<Event, State> onRecord(State state, Record cmd) {
    if (!state.open()) return Effect().reply(cmd.replyTo(), unknown());
    if (cmd.addresses() == null || budget == null) return gather(cmd);
    List<Hit> counted = new ArrayList<>(cmd.hits().size());
    for (int i = 0; i < cmd.hits().size(); i++) {
      Hit hit = cmd.hits().get(i);
      if (budget.spend(i < cmd.addresses().size() ? cmd.addresses().get(i) : null, hit.at())) counted.add(hit);
    }
    if (counted.size() < cmd.hits().size()) limits.overBudget().accept(cmd.hits().size() - counted.size());
    if (counted.isEmpty()) return Effect().reply(cmd.replyTo(), StatusReply.success(counters(state, cmd.hits().get(0).at())));
    return gather(new Record(counted, null, cmd.replyTo()));
  }

  private ReplyEffect<Event, State> gather(Record cmd) {
    // The first hit of a batch asks for a write; hits that arrive before that write starts join it.
    if (gathering.isEmpty()) ctx.getSelf().tell(new Flush());
    gathering.add(cmd);
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onFlush(State state, Flush flush) {
    if (gathering.isEmpty()) return Effect().noReply();
    List<Record> batch = gathering;
    gathering = new ArrayList<>();
    List<Hit> hits = batch.stream().flatMap(r -> r.hits().stream()).toList();
    Instant latest = hits.stream().map(Hit::at).max(Comparator.naturalOrder()).orElseThrow();
    return Effect().persist(new HitsRecorded(articleId, hits))
        .thenRun(s -> {
          Counters counters = counters(s, latest);
          batch.forEach(r -> r.replyTo().tell(StatusReply.success(counters)));
          snapshots.tell(new CounterSnapshots.Changed(counters));
        })
        .thenNoReply();
  }

  private ReplyEffect<Event, State> onHeartbeat(State state, Heartbeat beat) {
    if (!state.open()) return Effect().reply(beat.replyTo(), unknown());
    lastBeat.put(beat.readerId(), beat.at());
    long hour = hourOf(beat.at());
    if (!Long.valueOf(hour).equals(countedInHour.put(beat.readerId(), hour))) {
      return gather(new Record(List.of(new Hit.Active(beat.readerId(), beat.at())), beat.replyTo()));
    }
    Counters counters = counters(state, beat.at());
    snapshots.tell(new CounterSnapshots.Changed(counters));
    return Effect().reply(beat.replyTo(), StatusReply.success(counters));
  }

  private void changed(State state) {
    snapshots.tell(new CounterSnapshots.Changed(counters(state, Instant.now())));
  }

  private <T> StatusReply<T> unknown() {
    return Rejection.notFound("There is no published article '" + articleId + "'.");
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Opened.class, (s, e) -> s.opened(e.poll()))
        .onEvent(PollChanged.class, (s, e) -> s.opened(e.poll()))
        .onEvent(ChoicesApplied.class, State::apply)
        .onEvent(HitsRecorded.class, (s, e) -> s.apply(e.hits()))
        .onEvent(CommentCounted.class, (s, e) -> s.withComment(e.commentId(), true))
        .onEvent(CommentUncounted.class, (s, e) -> s.withComment(e.commentId(), false))
        .build();
  }

  private Counters counters(State s, Instant now) {
    lastBeat.values().removeIf(at -> at.isBefore(now.minus(READING_WINDOW)));
    countedInHour.keySet().retainAll(lastBeat.keySet());
    return new Counters(articleId, s.views(), s.reach().count(), lastBeat.size(), active24h(s, now),
        sum(s.shares()), Map.copyOf(s.shares()), sum(s.inbound()), topDomains(s.inbound()), s.visibleComments().size(),
        Map.copyOf(s.reactions()), pollResults(s));
  }

  /** Distinct readers in the trailing 24 hours: the current hour merged into the earlier hours' union ({@link #earlier}). */
  private long active24h(State s, Instant now) {
    long hour = hourOf(now);
    List<DistinctReaders> parts = s.earlierInDay(hour);
    if (earlier == null || !earlier.covers(hour, parts)) earlier = new EarlierHours(hour, parts, DistinctReaders.merged(parts));
    return earlier.merged().countWith(s.readersByHour().get(hour));
  }

  private static Counters.PollResults pollResults(State s) {
    if (s.poll() == null) return null;
    var options = s.poll().options().stream()
        .map(o -> new Counters.OptionResult(o.id(), o.label(), s.votes().getOrDefault(o.id(), 0L))).toList();
    return new Counters.PollResults(s.poll().question(), s.poll().closesAt(),
        options.stream().mapToLong(Counters.OptionResult::votes).sum(), options);
  }

  private static Map<String, Long> topDomains(Map<String, Long> inbound) {
    Map<String, Long> top = new LinkedHashMap<>();
    long[] other = {inbound.getOrDefault(OTHER, 0L)};
    inbound.entrySet().stream()
        .filter(e -> !e.getKey().equals(OTHER))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> {
          if (top.size() < TOP_DOMAINS) top.put(e.getKey(), e.getValue());
          else other[0] += e.getValue();
        });
    if (other[0] > 0) top.put(OTHER, other[0]);
    return top;
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
