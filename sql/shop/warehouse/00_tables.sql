-- Postgres (warehouse side): the tables the shop pipeline serves into. The job creates them if
-- missing at start; the merge key of each mart is its primary key.

CREATE SCHEMA IF NOT EXISTS marts;

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

CREATE SCHEMA IF NOT EXISTS ops;
