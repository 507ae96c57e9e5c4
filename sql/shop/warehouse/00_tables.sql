-- Postgres (warehouse side): the tables the shop pipeline serves into. The job creates them if
-- missing at start; the merge key of each table is its primary key. Every table listed under
-- sinks.warehouse.tables in pipeline.yaml is written by the exactly-once sink: all of them
-- change together, in one transaction per checkpoint.

CREATE SCHEMA IF NOT EXISTS marts;
CREATE SCHEMA IF NOT EXISTS curated;
CREATE SCHEMA IF NOT EXISTS ops;

CREATE TABLE IF NOT EXISTS marts.tenant_daily_revenue (
  tenant_id      TEXT           NOT NULL,
  revenue_date   DATE           NOT NULL,
  currency       TEXT           NOT NULL,
  order_count    BIGINT         NOT NULL,
  order_amount   NUMERIC(18, 2) NOT NULL,
  payment_count  BIGINT         NOT NULL,
  settled_amount NUMERIC(18, 2) NOT NULL,
  PRIMARY KEY (tenant_id, revenue_date, currency)
);

CREATE TABLE IF NOT EXISTS marts.funnel_daily (
  tenant_id   TEXT   NOT NULL,
  funnel_date DATE   NOT NULL,
  page_views       BIGINT NOT NULL,
  cart_adds       BIGINT NOT NULL,
  checkouts   BIGINT NOT NULL,
  paid_orders BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, funnel_date)
);

CREATE TABLE IF NOT EXISTS marts.customer_360 (
  tenant_id     TEXT      NOT NULL,
  customer_id   BIGINT    NOT NULL,
  name          TEXT,
  segment       TEXT,
  country       TEXT,
  order_count   BIGINT    NOT NULL,
  last_order_at TIMESTAMP,
  session_count BIGINT    NOT NULL,
  click_count   BIGINT    NOT NULL,
  last_seen_at  TIMESTAMP,
  PRIMARY KEY (tenant_id, customer_id)
);

CREATE TABLE IF NOT EXISTS marts.payment_reconciliation (
  tenant_id             TEXT           NOT NULL,
  order_id              BIGINT         NOT NULL,
  due_amount            NUMERIC(18, 2),
  paid_amount           NUMERIC(18, 2) NOT NULL,
  payment_count         BIGINT         NOT NULL,
  reconciliation_status TEXT           NOT NULL,
  PRIMARY KEY (tenant_id, order_id)
);

-- Timestamps without zone hold UTC.
CREATE TABLE IF NOT EXISTS curated.orders_enriched (
  tenant_id           TEXT           NOT NULL,
  order_id            BIGINT         NOT NULL,
  customer_id         BIGINT,
  status              TEXT,
  amount              NUMERIC(12, 2),
  currency            TEXT,
  created_at          TIMESTAMP,
  order_date          DATE,
  customer_name       TEXT,
  customer_segment    TEXT,
  customer_country    TEXT,
  customer_valid_from TIMESTAMP,
  PRIMARY KEY (tenant_id, order_id)
);

-- The batch ledger: one row per version of each delivered batch (LOADED, REPLACED by a corrected
-- delivery, or REJECTED with the reason). Written in the same transaction as the marts, so a
-- batch is LOADED here exactly when its rows are in the marts.
CREATE TABLE IF NOT EXISTS ops.batch_ledger (
  batch_id          TEXT      NOT NULL,
  sha256            TEXT      NOT NULL,
  row_count         BIGINT    NOT NULL,
  status            TEXT      NOT NULL,
  manifest          TEXT      NOT NULL,
  deliveries        BIGINT    NOT NULL,
  loaded_at         TIMESTAMP NOT NULL,
  last_delivered_at TIMESTAMP NOT NULL,
  PRIMARY KEY (batch_id, sha256)
);

-- How fresh the marts are: per stage and tenant, the time up to which that input is in the marts
-- (orders, customers: source commit time of the latest change, at its LSN; payments: the end of
-- the latest settlement day a delivery was loaded for; clicks: the event-time watermark, the same
-- for every tenant, shown as tenant '*'). Committed in the same transaction as the marts.
CREATE TABLE IF NOT EXISTS ops.pipeline_progress (
  stage          TEXT      NOT NULL,
  tenant_id      TEXT      NOT NULL,
  complete_up_to TIMESTAMP NOT NULL,
  position       TEXT,
  updated_at     TIMESTAMP NOT NULL,
  PRIMARY KEY (stage, tenant_id)
);

-- Dead letters re-injected by `bin/sluice dlq replay` after a fix: one row per letter, written
-- after its re-injection, so that a second replay skips it. How it was re-injected is in action.
CREATE TABLE IF NOT EXISTS ops.dlq_replays (
  source      TEXT        NOT NULL,
  position    TEXT        NOT NULL,
  reason      TEXT        NOT NULL,
  replay_id   TEXT        NOT NULL,
  action      TEXT        NOT NULL,
  replayed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (source, position, reason)
);
