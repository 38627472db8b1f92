-- When the subscriber's confirmation text (program name, STOP/HELP) went out: article texts wait for it.
ALTER TABLE subscribers ADD COLUMN confirmed_at TIMESTAMP WITH TIME ZONE;
-- Numbers signed up before this version were texted without one: they count as confirmed.
UPDATE subscribers SET confirmed_at = subscribed_at;

-- One row per article campaign, kept from the Campaign entity's events; 'welcome' holds the confirmation texts.
CREATE TABLE campaigns(
  campaign_id VARCHAR(80) PRIMARY KEY,
  title TEXT,
  url TEXT,
  published_at TIMESTAMP WITH TIME ZONE,
  status VARCHAR(16) NOT NULL,
  total INT NOT NULL DEFAULT -1,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at TIMESTAMP WITH TIME ZONE
);
INSERT INTO campaigns (campaign_id, status, started_at) VALUES ('welcome', 'running', now());

-- Every text, one row per (campaign, subscriber), written before the provider is called (the send key).
--   waiting   an article text for a subscriber whose confirmation text has not gone out yet
--   pending   to send (deferred: not before not_before, the recipient's quiet hours)
--   claimed   handed to the provider; after a crash or a timeout it becomes in_doubt and is looked up, never resent
--   accepted  the provider took it (provider_sid); delivery_status says what became of it
--   refused / opted_out / suppressed / cancelled / ambiguous   settled without a text (ambiguous: the look-up failed)
CREATE TABLE sends(
  id BIGSERIAL PRIMARY KEY,
  campaign_id VARCHAR(80) NOT NULL,
  subscriber_id VARCHAR(64) NOT NULL,
  send_key VARCHAR(200) NOT NULL UNIQUE,
  state VARCHAR(16) NOT NULL,
  not_before TIMESTAMP WITH TIME ZONE,
  attempts INT NOT NULL DEFAULT 0,
  claimed_at TIMESTAMP WITH TIME ZONE,
  sent_at TIMESTAMP WITH TIME ZONE,
  provider VARCHAR(16),
  provider_sid VARCHAR(200),
  segments INT,
  error VARCHAR(120),
  reconciled_at TIMESTAMP WITH TIME ZONE,
  link_used_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX sends_by_state ON sends(state, id);
CREATE INDEX sends_by_campaign ON sends(campaign_id, state);
CREATE INDEX sends_by_sid ON sends(provider_sid);

-- The provider's word on each message, from status callbacks (in any order) and reconciliation: only ever forward.
CREATE TABLE delivery_status(
  provider_sid VARCHAR(200) PRIMARY KEY,
  status VARCHAR(16) NOT NULL,
  rank INT NOT NULL,
  error_code INT,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
