package org.maproom.engagement.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An article's poll as content-service published it. {@code closesAt} null: it stays open. Option ids are stable. */
public record Poll(String question, List<Option> options, Instant closesAt) {
  public record Option(String id, String label) {}

  /** Why a vote for {@code optionId} at {@code at} is not taken, or empty if it is. */
  public Optional<String> refusal(String optionId, Instant at) {
    if (closesAt != null && !at.isBefore(closesAt)) return Optional.of("The poll closed at " + closesAt + ".");
    if (options.stream().noneMatch(o -> o.id().equals(optionId))) return Optional.of("There is no option '" + optionId + "'.");
    return Optional.empty();
  }
}
