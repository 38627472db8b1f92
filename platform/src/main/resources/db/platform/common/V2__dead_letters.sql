-- Kafka records a consumer could not decode: kept for a human, never silently dropped.
CREATE TABLE IF NOT EXISTS dead_letters(
  topic VARCHAR(255) NOT NULL,
  kafka_partition INTEGER NOT NULL,
  kafka_offset BIGINT NOT NULL,
  consumer_group VARCHAR(255) NOT NULL,
  record_key VARCHAR(1024),
  record_value BYTEA,
  error VARCHAR(2000) NOT NULL,
  received_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY(consumer_group, topic, kafka_partition, kafka_offset)
);
