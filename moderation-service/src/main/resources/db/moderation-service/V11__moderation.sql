-- Replies (one level), the reason of the last decision, edits, screening; and the decision log.
ALTER TABLE comments ADD COLUMN parent_id VARCHAR(64);
ALTER TABLE comments ADD COLUMN reason VARCHAR(200);
ALTER TABLE comments ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
-- Why screening held a comment for review: reasons joined by "; ".
ALTER TABLE comments ADD COLUMN held_for VARCHAR(500);
CREATE INDEX comments_by_author ON comments(author_id, created_at);
CREATE INDEX comments_by_parent ON comments(parent_id);

-- Every moderation decision, with who, when and why: the log per comment and per moderator.
CREATE TABLE decisions(
  comment_id VARCHAR(64) NOT NULL,
  seq BIGINT NOT NULL,
  action VARCHAR(16) NOT NULL,
  moderator_id VARCHAR(64) NOT NULL,
  reason VARCHAR(200),
  note VARCHAR(2000),
  decided_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (comment_id, seq)
);
CREATE INDEX decisions_by_moderator ON decisions(moderator_id, decided_at);
