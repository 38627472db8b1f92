package org.maproom.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maproom.content.domain.Article;
import org.maproom.content.domain.Article.By;
import org.maproom.content.domain.Article.Status;
import org.maproom.content.domain.Article.Written;
import org.maproom.platform.Rejection;
import org.maproom.testkit.EntityTestConfig;
import org.maproom.testkit.SerializationCheck;

class ArticleTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestConfig.get());
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
  private static final By AUTHOR = new By("author-1", false);
  private static final By STRANGER = new By("someone-else", false);
  private static final By ADMIN = new By("admin", true);

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

  static Article.Draft draft(String title, String body) {
    return new Article.Draft(title, "A dek.", null, List.of("Maps", "power"), body, null, null, null, null, null);
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Article.Command, Article.Event, Article.State, StatusReply<Written>> run(
      java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<StatusReply<Written>>, Article.Command> command) {
    return kit.runCommand(command::apply);
  }

  private void create() {
    assertThat(run(r -> new Article.Create(draft("Maps and power", "Hello *world*"), "author-1", "Ada", T0, r)).reply().isSuccess()).isTrue();
  }

  private static Rejection.Kind kind(StatusReply<?> reply) {
    return Rejection.parse(reply.getError().getMessage()).kind();
  }

  @Test
  void createsADraftWithTheBodyRenderedToSafeHtmlAndTagsNormalized() {
    var result = run(r -> new Article.Create(
        draft("Maps and power", "Hello *world* <script>alert(1)</script> [x](javascript:alert(1))"), "author-1", "Ada", T0, r));
    Written a = result.reply().getValue();
    assertThat(a.status()).isEqualTo(Status.draft);
    assertThat(a.content().section()).isEqualTo("Commentary");
    assertThat(a.content().tags()).containsExactly("maps", "power");
    assertThat(a.content().bodyHtml()).contains("<em>world</em>").doesNotContain("<script").doesNotContain("javascript:");
    assertThat(a.content().readingMinutes()).isEqualTo(1);
  }

  @Test
  void badInputIsRefusedWithoutAnEvent() {
    var badPolls = List.of(
        new Article.Poll("Q?", List.of(new Article.PollOption(null, "only one")), null),
        new Article.Poll("Q?", java.util.stream.IntStream.range(0, 9).mapToObj(i -> new Article.PollOption(null, "o" + i)).toList(), null),
        new Article.Poll("Q?", List.of(new Article.PollOption(null, "a"), new Article.PollOption(null, "b")), T0.minusSeconds(1)));
    var drafts = new java.util.ArrayList<Article.Draft>(List.of(draft("  ", "body"), draft("x".repeat(201), "body"),
        draft("Title", " "), draft("Title", "x".repeat(200_001))));
    for (var poll : badPolls) drafts.add(new Article.Draft("T", "", null, null, "b", null, null, poll, null, null));
    drafts.add(new Article.Draft("T", "", null, null, "b", new Article.Cover("javascript:alert(1)", "alt"), null, null, null, null));
    drafts.add(new Article.Draft("T", "", null, null, "b", null, new Article.Seo("", "", "", "", "data:image/png;base64,AA"), null, null, null));
    drafts.add(new Article.Draft("T", "", null, null, "b", null, null, null, new Article.Promo("41% off", "$17.76", null, 141, "https://x.example"), null));
    for (var d : drafts) {
      var r = run(rr -> new Article.Create(d, "author-1", "Ada", T0, rr));
      assertThat(kind(r.reply())).as(String.valueOf(d.title())).isEqualTo(Rejection.Kind.INVALID);
      assertThat(r.hasNoEvents()).isTrue();
    }
  }

  @Test
  void aPollGetsStableOptionIds() {
    var poll = new Article.Poll("Is every map political?", List.of(new Article.PollOption(null, "Yes"), new Article.PollOption(null, "No")), T0.plusSeconds(3600));
    var a = run(r -> new Article.Create(new Article.Draft("T", "", null, null, "b", null, null, poll, null, null), "author-1", "Ada", T0, r)).reply().getValue();
    assertThat(a.content().poll().options()).extracting(Article.PollOption::id).containsExactly("1", "2");
  }

  @Test
  void onlyTheAuthorOrAnAdminChangesItAndPublishingTwiceChangesNothing() {
    create();
    assertThat(kind(run(r -> new Article.Publish(STRANGER, T0, r)).reply())).isEqualTo(Rejection.Kind.FORBIDDEN);
    assertThat(kind(run(r -> new Article.Edit(draft("X", "y"), "", false, STRANGER, T0, r)).reply())).isEqualTo(Rejection.Kind.FORBIDDEN);
    var published = run(r -> new Article.Publish(AUTHOR, T0.plusSeconds(60), r));
    assertThat(published.event()).isInstanceOf(Article.Published.class);
    assertThat(((Article.Published) published.event()).live().publishedAt()).isEqualTo(T0.plusSeconds(60));
    var again = run(r -> new Article.Publish(ADMIN, T0.plusSeconds(120), r));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply().getValue().publishedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void schedulingIsForTheFutureAndPublishesWhenDueOnly() {
    create();
    assertThat(kind(run(r -> new Article.Schedule(T0.minusSeconds(1), AUTHOR, T0, r)).reply())).isEqualTo(Rejection.Kind.INVALID);
    assertThat(run(r -> new Article.Schedule(T0.plusSeconds(3600), AUTHOR, T0, r)).reply().getValue().status()).isEqualTo(Status.scheduled);
    assertThat(run(r -> new Article.PublishDue(T0.plusSeconds(3599), r)).hasNoEvents()).as("not yet").isTrue();
    kit.restart();
    var due = run(r -> new Article.PublishDue(T0.plusSeconds(3601), r));
    assertThat(due.reply().getValue().status()).isEqualTo(Status.published);
    assertThat(due.reply().getValue().publishedAt()).isEqualTo(T0.plusSeconds(3601));
    assertThat(run(r -> new Article.PublishDue(T0.plusSeconds(3700), r)).hasNoEvents()).as("a late tick is harmless").isTrue();
    assertThat(kind(run(r -> new Article.Schedule(T0.plusSeconds(9000), AUTHOR, T0, r)).reply())).isEqualTo(Rejection.Kind.CONFLICT);
  }

  @Test
  void unpublishAndRepublishKeepTheFirstPublicationTime() {
    create();
    run(r -> new Article.Publish(AUTHOR, T0, r));
    assertThat(run(r -> new Article.Unpublish(AUTHOR, T0.plusSeconds(10), r)).event()).isEqualTo(new Article.Unpublished("maps-and-power", "maps-and-power", T0.plusSeconds(10)));
    assertThat(run(r -> new Article.Unpublish(AUTHOR, T0.plusSeconds(20), r)).hasNoEvents()).isTrue();
    var again = run(r -> new Article.Publish(AUTHOR, T0.plusSeconds(30), r)).reply().getValue();
    assertThat(again.publishedAt()).isEqualTo(T0);
    assertThat(again.status()).isEqualTo(Status.published);
  }

  @Test
  void editsOfAPublishedArticleMakeRevisionsAtMostOnePerWindowAndCarryTheLiveView() {
    create();
    var draftEdit = run(r -> new Article.Edit(draft("Draft edit", "b"), "", false, AUTHOR, T0.plusSeconds(1), r));
    assertThat(((Article.Edited) draftEdit.event()).revision()).as("drafts have no revisions").isZero();
    assertThat(((Article.Edited) draftEdit.event()).live()).isNull();
    run(r -> new Article.Publish(AUTHOR, T0.plusSeconds(10), r)); // revision 1
    var first = (Article.Edited) run(r -> new Article.Edit(draft("Fix 1", "b"), "typo", false, AUTHOR, T0.plusSeconds(20), r)).event();
    var second = (Article.Edited) run(r -> new Article.Edit(draft("Fix 2", "b"), "typo", false, AUTHOR, T0.plusSeconds(60), r)).event();
    assertThat(first.revision()).isEqualTo(2);
    assertThat(second.revision()).as("inside the window: the same revision").isEqualTo(2);
    assertThat(second.live().content().title()).isEqualTo("Fix 2");
    var later = (Article.Edited) run(r -> new Article.Edit(draft("Fix 3", "b"), "", false, AUTHOR,
        T0.plusSeconds(20).plus(Article.REVISION_WINDOW), r)).event();
    assertThat(later.revision()).isEqualTo(3);
    var restore = (Article.Edited) run(r -> new Article.Edit(draft("Fix 1", "b"), "Restored revision 2", true, AUTHOR,
        T0.plusSeconds(21).plus(Article.REVISION_WINDOW), r)).event();
    assertThat(restore.revision()).as("a restore always starts a revision").isEqualTo(4);
  }

  @Test
  void changingTheSlugRetiresTheOldOne() {
    create();
    run(r -> new Article.Publish(AUTHOR, T0, r));
    var changed = run(r -> new Article.ChangeSlug("maps-power-and-you", AUTHOR, T0.plusSeconds(5), r));
    assertThat(changed.reply().getValue().slug()).isEqualTo("maps-power-and-you");
    assertThat(changed.reply().getValue().retiredSlugs()).containsExactly("maps-and-power");
    assertThat(((Article.SlugChanged) changed.event()).live().slug()).isEqualTo("maps-power-and-you");
    assertThat(kind(run(r -> new Article.ChangeSlug("Not A Slug", AUTHOR, T0, r)).reply())).isEqualTo(Rejection.Kind.INVALID);
    var back = run(r -> new Article.ChangeSlug("maps-and-power", AUTHOR, T0.plusSeconds(9), r)).reply().getValue();
    assertThat(back.retiredSlugs()).containsExactly("maps-power-and-you");
  }

  @Test
  void unknownArticlesAreNotFoundAndCreateTwiceIsAConflict() {
    assertThat(kind(run(Article.Get::new).reply())).isEqualTo(Rejection.Kind.NOT_FOUND);
    assertThat(kind(run(r -> new Article.Publish(AUTHOR, T0, r)).reply())).isEqualTo(Rejection.Kind.NOT_FOUND);
    create();
    assertThat(kind(run(r -> new Article.Create(draft("Other", "b"), "x", "X", T0, r)).reply())).isEqualTo(Rejection.Kind.CONFLICT);
  }

  @Test
  void siteSettingsStartFromTheDefaultsAndRefuseBadOnes() {
    var defaults = new org.maproom.content.domain.SiteSettings.Settings("The Map Room", "Ada", "", List.of(), null,
        List.of("Insightful"), null);
    var site = EventSourcedBehaviorTestKit.<org.maproom.content.domain.SiteSettings.Command, org.maproom.content.domain.SiteSettings.Event,
        org.maproom.content.domain.SiteSettings.Settings>create(testKit.system(), org.maproom.content.domain.SiteSettings.create(defaults));
    assertThat(site.<StatusReply<org.maproom.content.domain.SiteSettings.Settings>>runCommand(org.maproom.content.domain.SiteSettings.Get::new)
        .reply().getValue()).isEqualTo(defaults);
    var twice = new org.maproom.content.domain.SiteSettings.Settings("X", "Ada", "", List.of(), null, List.of("Moved", "moved"), null);
    var refused = site.<StatusReply<org.maproom.content.domain.SiteSettings.Settings>>runCommand(
        r -> new org.maproom.content.domain.SiteSettings.Update(twice, T0, r));
    assertThat(kind(refused.reply())).isEqualTo(Rejection.Kind.INVALID);
    assertThat(refused.hasNoEvents()).isTrue();
    var ok = new org.maproom.content.domain.SiteSettings.Settings(" The Map Room ", "Ada", "Bio", List.of(), null, List.of("Moved"), null);
    var saved = site.<StatusReply<org.maproom.content.domain.SiteSettings.Settings>>runCommand(
        r -> new org.maproom.content.domain.SiteSettings.Update(ok, T0, r)).reply().getValue();
    assertThat(saved.publication()).isEqualTo("The Map Room");
    assertThat(saved.updatedAt()).isEqualTo(T0);
    SerializationCheck.assertRoundTrips(testKit.system(), List.of(new org.maproom.content.domain.SiteSettings.Updated(saved), saved),
        org.maproom.content.domain.SiteSettings.Event.class);
  }

  @Test
  void everyEventStateAndReplyRoundTripsThroughJackson() {
    var content = new Article.Content("T", "D", "Commentary", List.of("maps"), "*x*", "<p><em>x</em></p>", 1,
        new Article.Cover("https://img.example/a.jpg", "A map"), new Article.Seo("T", "D", "OG T", "OG D", "https://img.example/og.jpg"),
        new Article.Poll("Q?", List.of(new Article.PollOption("1", "Yes"), new Article.PollOption("2", "No")), T0),
        new Article.Promo("41% off", "$17.76", "$30", 41, "https://book.example"), List.of("other"));
    var live = new Article.LiveView("a", "Ada", T0, T0, content);
    var written = new Written("a", "a", List.of("old"), Status.published, content, "u1", "Ada", T0, T0, null, T0, 2, T0);
    SerializationCheck.assertRoundTrips(testKit.system(), List.of(
        new Article.Created("a", content, "u1", "Ada", T0),
        new Article.Edited("a", content, "typo", 2, T0, live),
        new Article.Scheduled("a", T0, T0),
        new Article.Published("a", 1, live),
        new Article.Unpublished("a", "a", T0),
        new Article.SlugChanged("a", "old", "a", T0, live),
        new Article.Blank(), written, draft("T", "b"), new By("u1", false)),
        Article.Event.class, Article.State.class);
  }
}
