CREATE TABLE published_articles(
  article_id VARCHAR(80) PRIMARY KEY,
  slug VARCHAR(80) NOT NULL UNIQUE,
  title VARCHAR(200) NOT NULL,
  dek VARCHAR(300) NOT NULL,
  section VARCHAR(60) NOT NULL,
  published_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX published_articles_latest ON published_articles(published_at DESC);
