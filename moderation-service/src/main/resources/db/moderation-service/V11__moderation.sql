-- Replies (one level), the reason of the last decision, edits, screening, reports; and the decision log.
ALTER TABLE comments ADD COLUMN parent_id VARCHAR(64);
ALTER TABLE comments ADD COLUMN reason VARCHAR(200);
ALTER TABLE comments ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
-- Why screening held a comment for review: reasons joined by "; ".
ALTER TABLE comments ADD COLUMN held_for VARCHAR(500);
-- Reader reports since the last approval: the reported queue.
ALTER TABLE comments ADD COLUMN open_reports INT DEFAULT 0 NOT NULL;
CREATE INDEX comments_reported ON comments(open_reports, created_at);

CREATE TABLE reports(
  comment_id VARCHAR(64) NOT NULL,
  reader_id VARCHAR(64) NOT NULL,
  reason VARCHAR(200) NOT NULL,
  reported_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (comment_id, reader_id)
);
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
