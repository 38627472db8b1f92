-- Display names claimed by their confusable skeleton (identity/DisplayNames.java): one account per look-alike name.
CREATE TABLE display_names(
  skeleton VARCHAR(400) PRIMARY KEY,
  account_id VARCHAR(64) NOT NULL,
  claimed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX display_names_by_account ON display_names(account_id);
CREATE INDEX reports_by_reader ON reports(reader_id);
CREATE INDEX email_outbox_by_account ON email_outbox(account_id);

-- Decision emails already handed to the mailer, so a replayed projection does not send one twice.
CREATE TABLE decision_notices(
  comment_id VARCHAR(64) NOT NULL,
  seq BIGINT NOT NULL,
  sent_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (comment_id, seq)
);
