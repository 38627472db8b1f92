-- The full article read model replaces the published-only list.
DROP TABLE published_articles;

CREATE TABLE articles(
  article_id VARCHAR(80) PRIMARY KEY,
  slug VARCHAR(80) NOT NULL,
  status VARCHAR(16) NOT NULL,
  author_id VARCHAR(64) NOT NULL,
  author_name VARCHAR(200) NOT NULL,
  title VARCHAR(200) NOT NULL,
  dek VARCHAR(300) NOT NULL,
  section VARCHAR(60) NOT NULL,
  cover_url VARCHAR(2000),
  reading_minutes INTEGER NOT NULL,
  body_html TEXT NOT NULL,
  read_next VARCHAR(500) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  publish_at TIMESTAMP WITH TIME ZONE,
  published_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX articles_latest ON articles(status, published_at DESC, article_id);
CREATE INDEX articles_by_section ON articles(section, status, published_at DESC);
CREATE INDEX articles_by_author ON articles(author_id, status);
CREATE INDEX articles_due ON articles(status, publish_at);

CREATE TABLE article_tags(
  tag VARCHAR(40) NOT NULL,
  article_id VARCHAR(80) NOT NULL,
  PRIMARY KEY(tag, article_id)
);

-- Every slug ever given to an article, claimed before the article takes it and never released, so a retired
-- slug can always redirect to the article's current one and no other article can take it.
CREATE TABLE slugs(
  slug VARCHAR(80) PRIMARY KEY,
  article_id VARCHAR(80) NOT NULL
);

CREATE TABLE article_revisions(
  article_id VARCHAR(80) NOT NULL,
  number INTEGER NOT NULL,
  reason VARCHAR(200) NOT NULL,
  title VARCHAR(200) NOT NULL,
  content_json TEXT NOT NULL,
  at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY(article_id, number)
);
