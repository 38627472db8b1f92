CREATE TABLE comments(
  comment_id VARCHAR(64) PRIMARY KEY,
  article_id VARCHAR(80) NOT NULL,
  author_id VARCHAR(64) NOT NULL,
  author_name VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  status VARCHAR(16) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  decided_at TIMESTAMP WITH TIME ZONE,
  decided_by VARCHAR(64)
);
CREATE INDEX comments_by_article ON comments(article_id, status, created_at);
CREATE INDEX comments_by_status ON comments(status, created_at);

CREATE TABLE sessions(
  token_hash CHAR(64) PRIMARY KEY,
  account_id VARCHAR(64) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE known_articles(
  article_id VARCHAR(80) PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  published_at TIMESTAMP WITH TIME ZONE NOT NULL
);
