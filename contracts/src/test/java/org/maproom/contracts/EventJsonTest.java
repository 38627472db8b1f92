package org.maproom.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.maproom.contracts.events.ContentEvent;
import org.maproom.contracts.events.EngagementEvent;
import org.maproom.contracts.events.ModerationEvent;

class EventJsonTest {

  @Test
  void articlePublishedRoundTripsAndCarriesItsTypeName() throws IOException {
    var event =
        new ContentEvent.ArticlePublished(
            "Article|a:2", Instant.parse("2026-11-24T09:00:00Z"), "a", "a", "http://x/articles/a", "T", "D",
            "Commentary", java.util.List.of("maps"), "Ada", Instant.parse("2026-11-24T09:00:00Z"),
            new ContentEvent.Poll("Q?", java.util.List.of(new ContentEvent.Option("1", "Yes"), new ContentEvent.Option("2", "No")), null));
    byte[] json = EventJson.write(event);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"type\":\"ArticlePublished\"")
        .contains("\"occurredAt\":\"2026-11-24T09:00:00Z\"");
    assertThat(EventJson.read(json, ContentEvent.class)).contains(event);
  }

  @Test
  void commentApprovedRoundTrips() throws IOException {
    var event =
        new ModerationEvent.CommentApproved(
            "Comment|c:2", Instant.parse("2026-11-24T10:00:00Z"), "a", "c", "Rea", "<b>hi</b>",
            Instant.parse("2026-11-24T10:00:00Z"), "&lt;b&gt;hi&lt;/b&gt;");
    assertThat(EventJson.read(EventJson.write(event), ModerationEvent.class)).contains(event);
  }

  @Test
  void samplesDecodeAndIgnoreUnknownFields() throws IOException {
    var published = EventJson.read(Samples.bytes("ArticlePublished"), ContentEvent.class).orElseThrow();
    assertThat(published).isInstanceOf(ContentEvent.ArticlePublished.class);
    assertThat(published.articleId()).isEqualTo("the-map-is-not-the-territory");
    var approved = EventJson.read(Samples.bytes("CommentApproved"), ModerationEvent.class).orElseThrow();
    assertThat(((ModerationEvent.CommentApproved) approved).authorDisplayName()).isEqualTo("Rea Der");
  }

  @Test
  void everyPublicEventTypeHasASampleDocumentThatDecodesToIt() throws IOException {
    for (Class<?> root : new Class<?>[] {ContentEvent.class, ModerationEvent.class, EngagementEvent.class}) {
      // ContentEvent.Poll and Option are values, not events

      for (Class<?> type : root.getPermittedSubclasses()) {
        assertThat(EventJson.read(Samples.bytes(type.getSimpleName()), root)).get().isInstanceOf(type);
      }
    }
  }

  @Test
  void anUnknownEventTypeReadsAsEmptyButGarbageThrows() throws IOException {
    byte[] future = "{\"type\":\"ArticleTeleported\",\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(EventJson.read(future, ContentEvent.class)).isEmpty();
    assertThatThrownBy(() -> EventJson.read("{not json".getBytes(StandardCharsets.UTF_8), ContentEvent.class))
        .isInstanceOf(IOException.class);
  }
}
