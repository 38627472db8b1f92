-- The signed-in account a number signed up under (its erasure erases the number too).
ALTER TABLE subscribers ADD COLUMN account_id VARCHAR(64);
CREATE INDEX subscribers_by_account ON subscribers(account_id);

-- The suppression list, checked right before every send: numbers that unsubscribed (link, STOP, API) and the keyed
-- hashes of erased numbers. A number leaves it only by signing up again (or texting START).
CREATE TABLE suppressions(
  subscriber_id VARCHAR(64) PRIMARY KEY,
  reason VARCHAR(16) NOT NULL,
  since TIMESTAMP WITH TIME ZONE NOT NULL
);
