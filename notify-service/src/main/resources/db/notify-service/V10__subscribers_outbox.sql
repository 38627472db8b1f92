CREATE TABLE subscribers(
  subscriber_id VARCHAR(64) PRIMARY KEY,
  encrypted_phone VARCHAR(512) NOT NULL,
  subscribed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The dev provider's outbox: one row per send key (article:subscriber), so no one is texted twice.
CREATE TABLE sms_outbox(
  send_key VARCHAR(160) PRIMARY KEY,
  article_id VARCHAR(80) NOT NULL,
  subscriber_id VARCHAR(64) NOT NULL,
  to_last_digits CHAR(2) NOT NULL,
  body TEXT NOT NULL,
  sent_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sms_outbox_latest ON sms_outbox(sent_at DESC);
