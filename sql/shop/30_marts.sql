-- Marts: what BI and downstream services read.

-- Per tenant, UTC day and currency: orders booked and money settled. Both sides are changelogs
-- (orders are updated and deleted at the source), so the mart is an upsert stream keyed by
-- (tenant_id, revenue_date, currency); a day that loses its last order and payment is deleted.
CREATE TEMPORARY VIEW mart_tenant_daily_revenue AS
WITH booked AS (
  SELECT tenant_id, order_date AS revenue_date, currency,
         COUNT(*) AS order_count, SUM(amount) AS order_amount
  FROM cur_orders
  GROUP BY tenant_id, order_date, currency
), settled AS (
  SELECT tenant_id, settled_date AS revenue_date, currency,
         COUNT(*) AS payment_count, SUM(amount) AS settled_amount
  FROM cur_payments
  GROUP BY tenant_id, settled_date, currency
)
SELECT
  COALESCE(b.tenant_id, s.tenant_id) AS tenant_id,
  COALESCE(b.revenue_date, s.revenue_date) AS revenue_date,
  COALESCE(b.currency, s.currency) AS currency,
  COALESCE(b.order_count, 0) AS order_count,
  CAST(COALESCE(b.order_amount, 0) AS DECIMAL(18, 2)) AS order_amount,
  COALESCE(s.payment_count, 0) AS payment_count,
  CAST(COALESCE(s.settled_amount, 0) AS DECIMAL(18, 2)) AS settled_amount
FROM booked AS b
FULL OUTER JOIN settled AS s
  ON b.tenant_id = s.tenant_id AND b.revenue_date = s.revenue_date AND b.currency = s.currency;

-- Per tenant, event type and minute of event time: clicks and distinct customers.
-- Append-only: a window is emitted once, when the watermark passes its end.
--
-- One tenant makes most of the clicks, so grouping by tenant alone would put most of the work on
-- one subtask. Salted two-phase aggregation: phase 1 spreads each tenant over 8 buckets by
-- customer_id, phase 2 adds the buckets up in a cascaded window on phase 1's window time.
-- Salting by customer keeps COUNT(DISTINCT customer_id) additive: a customer is in one bucket.
CREATE TEMPORARY VIEW clicks_per_minute_salted AS
SELECT
  tenant_id,
  event_type,
  MOD(customer_id, 8) AS salt,
  window_time AS minute_time,
  COUNT(*) AS events,
  COUNT(DISTINCT customer_id) AS customers
FROM TABLE(TUMBLE(TABLE stg_clicks, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE))
GROUP BY tenant_id, event_type, MOD(customer_id, 8), window_start, window_end, window_time;

CREATE TEMPORARY VIEW mart_clicks_per_minute AS
SELECT
  tenant_id,
  event_type,
  window_start,
  window_end,
  SUM(events) AS events,
  SUM(customers) AS customers
FROM TABLE(TUMBLE(TABLE clicks_per_minute_salted, DESCRIPTOR(minute_time), INTERVAL '1' MINUTE))
GROUP BY tenant_id, event_type, window_start, window_end;
