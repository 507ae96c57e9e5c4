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
-- one subtask. Salted two-phase aggregation: phase 1 spreads each tenant over the 8 salt buckets
-- of stg_clicks_salted, phase 2 adds the buckets up in a cascaded window on phase 1's window time.
-- (Flink's own split-distinct and local-global options do this implicitly, but only with
-- mini-batches; written out, the plan shows it and a test proves salted == unsalted.)
CREATE TEMPORARY VIEW clicks_per_minute_salted AS
SELECT
  tenant_id,
  event_type,
  salt,
  window_time AS minute_time,
  COUNT(*) AS events,
  COUNT(DISTINCT customer_id) AS customers
FROM TABLE(TUMBLE(TABLE stg_clicks_salted, DESCRIPTOR(rowtime), INTERVAL '1' MINUTE))
GROUP BY tenant_id, event_type, salt, window_start, window_end, window_time;

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

-- The funnel per tenant and UTC day: page views -> cart adds -> checkouts (click events) -> paid
-- orders.
-- Clicks are counted as they arrive (an updating aggregate, not a window), salted like above:
-- phase 1 by (tenant, day, salt), phase 2 adds the 8 buckets of the hot tenant's day.
CREATE TEMPORARY VIEW funnel_clicks_salted AS
SELECT
  tenant_id,
  event_date,
  salt,
  SUM(CASE WHEN event_type = 'view' THEN 1 ELSE 0 END) AS page_views,
  SUM(CASE WHEN event_type = 'add_to_cart' THEN 1 ELSE 0 END) AS cart_adds,
  SUM(CASE WHEN event_type = 'checkout' THEN 1 ELSE 0 END) AS checkouts
FROM stg_clicks_salted
GROUP BY tenant_id, event_date, salt;

CREATE TEMPORARY VIEW mart_funnel_daily AS
WITH clicked AS (
  SELECT tenant_id, event_date AS funnel_date,
         SUM(page_views) AS page_views, SUM(cart_adds) AS cart_adds, SUM(checkouts) AS checkouts
  FROM funnel_clicks_salted
  GROUP BY tenant_id, event_date
), paid AS (
  SELECT tenant_id, order_date AS funnel_date, COUNT(*) AS paid_orders
  FROM cur_orders
  WHERE status IN ('PAID', 'SHIPPED')
  GROUP BY tenant_id, order_date
)
SELECT
  COALESCE(c.tenant_id, p.tenant_id) AS tenant_id,
  COALESCE(c.funnel_date, p.funnel_date) AS funnel_date,
  CAST(COALESCE(c.page_views, 0) AS BIGINT) AS page_views,
  CAST(COALESCE(c.cart_adds, 0) AS BIGINT) AS cart_adds,
  CAST(COALESCE(c.checkouts, 0) AS BIGINT) AS checkouts,
  COALESCE(p.paid_orders, 0) AS paid_orders
FROM clicked AS c
FULL OUTER JOIN paid AS p ON c.tenant_id = p.tenant_id AND c.funnel_date = p.funnel_date;

-- One row per customer: who they are now, what they ordered, how they browse.
CREATE TEMPORARY VIEW mart_customer_360 AS
WITH ordered AS (
  SELECT tenant_id, customer_id, COUNT(*) AS order_count, MAX(created_at) AS last_order_at
  FROM cur_orders
  GROUP BY tenant_id, customer_id
), browsed AS (
  SELECT tenant_id, customer_id, COUNT(*) AS session_count, SUM(events) AS click_count,
         MAX(session_end) AS last_seen_at
  FROM cur_click_sessions
  GROUP BY tenant_id, customer_id
)
SELECT
  c.tenant_id,
  c.customer_id,
  c.name,
  c.segment,
  c.country,
  COALESCE(o.order_count, 0) AS order_count,
  o.last_order_at,
  COALESCE(b.session_count, 0) AS session_count,
  CAST(COALESCE(b.click_count, 0) AS BIGINT) AS click_count,
  b.last_seen_at
FROM stg_customers AS c
LEFT JOIN ordered AS o ON c.tenant_id = o.tenant_id AND c.customer_id = o.customer_id
LEFT JOIN browsed AS b ON c.tenant_id = b.tenant_id AND c.customer_id = b.customer_id;

-- The payment reconciliation as a mart (every order and every paid-for unknown order).
CREATE TEMPORARY VIEW mart_payment_reconciliation AS
SELECT * FROM cur_payment_reconciliation;
