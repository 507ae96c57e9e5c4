-- The shop pipeline's world for ad-hoc SQL in the Flink SQL client: `bin/sluice sql` runs this
-- first. The ${...} values are filled in by bin/sluice sql (--kafka, --warehouse-url; the password
-- from SLUICE_WAREHOUSE_PG_PASSWORD) into a private copy under the cluster's conf/ directory.
SET 'table.local-time-zone' = 'UTC';
SET 'sql-client.execution.result-mode' = 'tableau';

-- The warehouse as a JDBC catalog: every mart, curated and ops table, named `schema.table`.
CREATE CATALOG warehouse WITH (
  'type' = 'jdbc',
  'base-url' = '${warehouse.base-url}',
  'default-database' = '${warehouse.database}',
  'username' = '${warehouse.username}',
  'password' = '${warehouse.password}'
);

-- Short names for what the pipeline serves into Postgres.
CREATE TEMPORARY VIEW tenant_daily_revenue AS
  SELECT * FROM warehouse.`${warehouse.database}`.`marts.tenant_daily_revenue`;
CREATE TEMPORARY VIEW funnel_daily AS
  SELECT * FROM warehouse.`${warehouse.database}`.`marts.funnel_daily`;
CREATE TEMPORARY VIEW customer_360 AS
  SELECT * FROM warehouse.`${warehouse.database}`.`marts.customer_360`;
CREATE TEMPORARY VIEW payment_reconciliation AS
  SELECT * FROM warehouse.`${warehouse.database}`.`marts.payment_reconciliation`;
CREATE TEMPORARY VIEW orders_enriched AS
  SELECT * FROM warehouse.`${warehouse.database}`.`curated.orders_enriched`;
CREATE TEMPORARY VIEW pipeline_progress AS
  SELECT * FROM warehouse.`${warehouse.database}`.`ops.pipeline_progress`;
CREATE TEMPORARY VIEW batch_ledger AS
  SELECT * FROM warehouse.`${warehouse.database}`.`ops.batch_ledger`;
CREATE TEMPORARY VIEW dead_letters AS
  SELECT * FROM warehouse.`${warehouse.database}`.`ops.dead_letters`;

-- The Kafka topics. Outputs are written in transactions: read them read_committed. A SELECT on a
-- topic runs until cancelled; add /*+ OPTIONS('scan.bounded.mode'='latest-offset') */ to stop at
-- the end of what is there.
CREATE TEMPORARY TABLE kafka_clicks_per_minute (
  tenant_id STRING,
  event_type STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  events BIGINT,
  customers BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clicks-per-minute}',
  'properties.bootstrap.servers' = '${kafka}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- Upsert topics: key tenant|order_id, a tombstone when the row goes away.
CREATE TEMPORARY TABLE kafka_orders_enriched (
  order_key STRING,
  tenant_id STRING,
  order_id BIGINT,
  customer_id BIGINT,
  status STRING,
  amount DECIMAL(12, 2),
  currency STRING,
  created_at TIMESTAMP(3),
  customer_segment STRING,
  PRIMARY KEY (order_key) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = '${topic.orders-enriched}',
  'properties.bootstrap.servers' = '${kafka}',
  'properties.isolation.level' = 'read_committed',
  'key.format' = 'raw',
  'value.format' = 'json',
  'value.fields-include' = 'EXCEPT_KEY',
  'value.json.timestamp-format.standard' = 'ISO-8601'
);

CREATE TEMPORARY TABLE kafka_payment_exceptions (
  order_key STRING,
  tenant_id STRING,
  order_id BIGINT,
  due_amount DECIMAL(18, 2),
  paid_amount DECIMAL(18, 2),
  payment_count BIGINT,
  reconciliation_status STRING,
  PRIMARY KEY (order_key) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = '${topic.payment-exceptions}',
  'properties.bootstrap.servers' = '${kafka}',
  'properties.isolation.level' = 'read_committed',
  'key.format' = 'raw',
  'value.format' = 'json',
  'value.fields-include' = 'EXCEPT_KEY'
);

CREATE TEMPORARY TABLE kafka_dead_letters (
  pipeline STRING,
  stage STRING,
  source STRING,
  reason STRING,
  detail STRING,
  `position` STRING,
  payload STRING,
  payload_bytes BIGINT,
  seen_at STRING,
  job_id STRING
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.dead-letters}',
  'properties.bootstrap.servers' = '${kafka}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

-- Staging: the raw click topic with the job's event time and watermark, for windows of your own
-- (bad records are skipped here; the job dead-letters them).
CREATE TEMPORARY TABLE stg_clicks (
  tenant_id STRING,
  event_id STRING,
  customer_id BIGINT,
  session_id STRING,
  event_type STRING,
  sku STRING,
  ts STRING,
  rowtime AS CAST(REPLACE(REPLACE(ts, 'T', ' '), 'Z', '') AS TIMESTAMP(3)),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clicks}',
  'properties.bootstrap.servers' = '${kafka}',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);
