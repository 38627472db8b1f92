-- The newest counters of each article, written with the live snapshots (at most once a second per article):
-- what "top articles by reach" reads. active_24h is as of updated_at.
CREATE TABLE article_counters(
  article_id VARCHAR(80) PRIMARY KEY,
  views BIGINT NOT NULL,
  reach BIGINT NOT NULL,
  active_24h BIGINT NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX article_counters_reach ON article_counters(reach DESC);
CREATE INDEX article_counters_active ON article_counters(updated_at, active_24h DESC);
