-- The dev and test mailer's outbox (moderation.email.provider = outbox); the address is masked.
CREATE TABLE email_outbox(
  message_id VARCHAR(64) PRIMARY KEY,
  account_id VARCHAR(64) NOT NULL,
  to_masked VARCHAR(260) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  sent_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX email_outbox_latest ON email_outbox(sent_at);

-- One-use tokens from emailed links (confirm the address, reset the password), stored only as their SHA-256.
CREATE TABLE email_tokens(
  token_hash CHAR(64) PRIMARY KEY,
  account_id VARCHAR(64) NOT NULL,
  purpose VARCHAR(16) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at TIMESTAMP WITH TIME ZONE
);
