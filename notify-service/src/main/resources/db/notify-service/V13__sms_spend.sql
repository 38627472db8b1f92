-- What the SMS program has spent, one row per day (UTC), cluster-wide: confirmation texts handed to a provider
-- (claimed, whatever came of them) and the cost of the texts it accepted. The daily cap and the monthly budget
-- are checked against it before every claim.
CREATE TABLE sms_spend(
  spend_day DATE PRIMARY KEY,
  confirmations INT NOT NULL DEFAULT 0,
  cost NUMERIC(14, 5) NOT NULL DEFAULT 0
);
