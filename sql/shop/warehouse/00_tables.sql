-- Postgres (warehouse side): the tables the shop pipeline serves into. The job creates them if
-- missing at start (sinks.warehouse.ddl); the merge key of each table is its primary key. Every
-- table listed under sinks.warehouse.tables in pipeline.yaml is written by the exactly-once sink:
-- all of them change together, in one transaction per checkpoint. The sink creates its ops tables
-- (dead letters, progress, batch ledger) itself.

CREATE SCHEMA IF NOT EXISTS marts;
CREATE SCHEMA IF NOT EXISTS curated;

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
