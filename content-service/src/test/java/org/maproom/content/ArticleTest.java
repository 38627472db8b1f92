package org.maproom.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.content.domain.Article;
import org.maproom.platform.Rejection;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class ArticleTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(EntityTestConfig.get());
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private final EventSourcedBehaviorTestKit<Article.Command, Article.Event, Article.State> kit =
      EventSourcedBehaviorTestKit.create(testKit.system(), Article.create("maps-and-power"));

  @BeforeEach
  void clear() {
    kit.clear();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Article.Command, Article.Event, Article.State, StatusReply<Article.Summary>> create(
      String title, String body) {
    return kit.runCommand(reply -> new Article.Create(
        new Article.Draft(title, "A dek.", null, body), "author-1", "Ada Writer", T0, reply));
  }

  @Test
  void createsADraftWithTheBodyRenderedToSafeHtml() {
    var result = create("Maps and power", "Hello *world* <script>alert(1)</script> [x](javascript:alert(1))");
    assertThat(result.reply().isSuccess()).isTrue();
    var summary = result.reply().getValue();
    assertThat(summary.publishedAt()).isNull();
    assertThat(summary.section()).isEqualTo(Article.DEFAULT_SECTION);
    assertThat(summary.bodyHtml()).contains("<em>world</em>").doesNotContain("<script").doesNotContain("javascript:");
    assertThat(result.event()).isInstanceOf(Article.Created.class);
  }

  @Test
  void rejectsAnEmptyTitleATooLongTitleAndAnEmptyBodyWithoutAnEvent() {
    for (var r : java.util.List.of(create("  ", "body"), create("x".repeat(201), "body"), create("Title", " "))) {
      assertThat(r.reply().isError()).isTrue();
      assertThat(Rejection.parse(r.reply().getError().getMessage()).kind()).isEqualTo(Rejection.Kind.INVALID);
      assertThat(r.hasNoEvents()).isTrue();
    }
  }

  @Test
  void aSecondCreateIsAConflictBecauseTheSlugIsTaken() {
    create("Maps and power", "body");
    var again = create("Other", "body");
    assertThat(Rejection.parse(again.reply().getError().getMessage()).kind()).isEqualTo(Rejection.Kind.CONFLICT);
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void onlyTheAuthorOrAnAdminPublishesAndPublishingTwiceChangesNothing() {
    create("Maps and power", "body");
    var stranger = kit.<StatusReply<Article.Summary>>runCommand(reply -> new Article.Publish("someone-else", false, T0, reply));
    assertThat(Rejection.parse(stranger.reply().getError().getMessage()).kind()).isEqualTo(Rejection.Kind.FORBIDDEN);

    var published = kit.<StatusReply<Article.Summary>>runCommand(reply -> new Article.Publish("author-1", false, T0.plusSeconds(60), reply));
    assertThat(published.event()).isEqualTo(new Article.Published(
        "maps-and-power", "Maps and power", "A dek.", "Commentary", "Ada Writer", T0.plusSeconds(60)));

    var again = kit.<StatusReply<Article.Summary>>runCommand(reply -> new Article.Publish("admin", true, T0.plusSeconds(120), reply));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply().getValue().publishedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void unknownArticlesAreNotFoundAndStateSurvivesARestart() {
    var get = kit.<StatusReply<Article.Summary>>runCommand(Article.Get::new);
    assertThat(Rejection.parse(get.reply().getError().getMessage()).kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    create("Maps and power", "body");
    kit.<StatusReply<Article.Summary>>runCommand(reply -> new Article.Publish("author-1", false, T0, reply));
    kit.restart();
    assertThat(kit.<StatusReply<Article.Summary>>runCommand(Article.Get::new).reply().getValue().publishedAt()).isEqualTo(T0);
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    var created = new Article.Created("a", "T", "D", "Commentary", "u1", "Ada", "*x*", "<p><em>x</em></p>", T0);
    SerializationCheck.assertRoundTrips(testKit.system(), java.util.List.of(
        created,
        new Article.Published("a", "T", "D", "Commentary", "Ada", T0),
        new Article.Blank(),
        new Article.Written(created, T0),
        new Article.Summary("a", "T", "D", "Commentary", "u1", "Ada", "<p>x</p>", T0, null),
        new Article.Draft("T", "D", null, "x")),
        Article.Event.class, Article.State.class);
  }
}
