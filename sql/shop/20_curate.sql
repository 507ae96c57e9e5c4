-- Curate: business meaning on top of the staged tables.
-- The job registers stg_orders (an upsert changelog keyed by tenant_id, order_id),
-- stg_payments (append-only settlement lines) and stg_clicks (append-only, event time `rowtime`),
-- then runs the numbered files of this folder in order. Every statement also runs in the
-- Flink SQL client once tables of those names exist.

-- Orders that count as revenue, with the UTC day they belong to.
CREATE TEMPORARY VIEW cur_orders AS
SELECT
  tenant_id,
  order_id,
  customer_id,
  status,
  amount,
  currency,
  created_at,
  CAST(created_at AS DATE) AS order_date
FROM stg_orders
WHERE status <> 'CANCELLED';

-- Settled payments, with the UTC day they settled on.
CREATE TEMPORARY VIEW cur_payments AS
SELECT
  tenant_id,
  payment_id,
  order_id,
  amount,
  currency,
  settled_at,
  CAST(settled_at AS DATE) AS settled_date
FROM stg_payments;
