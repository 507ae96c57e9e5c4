-- Curate: business meaning on top of the staging views of 10_staging.sql.

-- Orders that count as revenue.
CREATE TEMPORARY VIEW cur_orders AS
SELECT tenant_id, order_id, customer_id, status, amount, currency, created_at, order_date
FROM stg_orders_dated
WHERE status <> 'CANCELLED';

-- Every order with the customer AS IT WAS WHEN THE ORDER WAS PLACED: the latest customer version
-- whose valid_from is not after the order's created_at.
--
-- Why not a regular join on stg_customers? A regular changelog join keeps only the customer's
-- current row: when a customer moves from 'smb' to 'enterprise', it retracts and re-emits every
-- past order of that customer with the new segment, rewriting history.
--
-- Why not Flink's event-time temporal join (FOR SYSTEM_TIME AS OF o.created_at)? It is the tool
-- for append-only facts against a versioned table: it waits for the watermark of both sides and
-- then drops every version older than the newest one below the watermark. Our orders are a CDC
-- changelog: an order's status update or delete arrives hours after its created_at, behind the
-- watermark, and would be matched against whatever version survived the clean-up (or none), and
-- its retraction could carry a different customer than the row it retracts.
--
-- So: a regular join of each order with ALL versions valid at or before its created_at, then a
-- Top-1 per order by valid_from. Exact for any arrival order (late versions re-enrich exactly the
-- orders they cover); the price is state: every order and every customer version is kept.
CREATE TEMPORARY VIEW cur_orders_enriched AS
SELECT
  tenant_id, order_id, customer_id, status, amount, currency, created_at, order_date,
  customer_name, customer_segment, customer_country, customer_valid_from
FROM (
  SELECT
    o.tenant_id, o.order_id, o.customer_id, o.status, o.amount, o.currency, o.created_at,
    o.order_date,
    v.name AS customer_name,
    v.segment AS customer_segment,
    v.country AS customer_country,
    v.valid_from AS customer_valid_from,
    ROW_NUMBER() OVER (
      PARTITION BY o.tenant_id, o.order_id ORDER BY v.valid_from DESC) AS version_rank
  FROM stg_orders_dated AS o
  LEFT JOIN stg_customer_versions AS v
    ON o.tenant_id = v.tenant_id
    AND o.customer_id = v.customer_id
    AND v.valid_from <= o.created_at
)
WHERE version_rank = 1;

-- Settled payments.
CREATE TEMPORARY VIEW cur_payments AS
SELECT tenant_id, payment_id, order_id, amount, currency, settled_at, settled_date, batch_id
FROM stg_payments_dated;

-- Payment reconciliation per order, comparing what was settled with what is due:
--   MATCHED          payments add up to the order's amount
--   MISSING_PAYMENT  a PAID or SHIPPED order without any payment
--   AMOUNT_MISMATCH  payments exist but add up to another amount (anything paid for a
--                    cancelled order is a mismatch: nothing is due)
--   UNKNOWN_ORDER    payments for an order the source database does not have
--   NOT_DUE          a PENDING or CANCELLED order without payments: nothing to reconcile yet
-- Amounts are compared as numbers; the order's currency is assumed for its payments.
-- No WHERE on the changing status: every order keeps one row, so a consumer of the changelog
-- always sees an update, never a row silently leaving the view.
CREATE TEMPORARY VIEW cur_payment_reconciliation AS
WITH paid AS (
  SELECT tenant_id, order_id, COUNT(*) AS payment_count, SUM(amount) AS paid_amount
  FROM cur_payments
  GROUP BY tenant_id, order_id
), due AS (
  SELECT
    tenant_id, order_id, status,
    CASE WHEN status = 'CANCELLED' THEN CAST(0 AS DECIMAL(12, 2)) ELSE amount END AS due_amount
  FROM stg_orders
)
SELECT
  COALESCE(d.tenant_id, p.tenant_id) AS tenant_id,
  COALESCE(d.order_id, p.order_id) AS order_id,
  CAST(d.due_amount AS DECIMAL(18, 2)) AS due_amount,
  CAST(COALESCE(p.paid_amount, 0) AS DECIMAL(18, 2)) AS paid_amount,
  COALESCE(p.payment_count, 0) AS payment_count,
  CASE
    WHEN d.order_id IS NULL THEN 'UNKNOWN_ORDER'
    WHEN p.order_id IS NULL AND d.status IN ('PAID', 'SHIPPED') THEN 'MISSING_PAYMENT'
    WHEN p.order_id IS NULL THEN 'NOT_DUE'
    WHEN p.paid_amount <> d.due_amount THEN 'AMOUNT_MISMATCH'
    ELSE 'MATCHED'
  END AS reconciliation_status
FROM due AS d
FULL OUTER JOIN paid AS p ON d.tenant_id = p.tenant_id AND d.order_id = p.order_id;

-- Click sessions per customer: clicks less than 10 minutes apart (event time) form a session,
-- which ends 10 minutes after its last click. A session is emitted once, when the watermark passes
-- its end. (Partitioned by one key column: Flink 1.20 does not resolve a multi-column PARTITION BY
-- of SESSION over a view.)
CREATE TEMPORARY VIEW cur_click_sessions AS
SELECT
  tenant_id,
  customer_id,
  window_start AS session_start,
  window_end AS session_end,
  COUNT(*) AS events,
  SUM(CASE WHEN event_type = 'view' THEN 1 ELSE 0 END) AS page_views,
  SUM(CASE WHEN event_type = 'add_to_cart' THEN 1 ELSE 0 END) AS cart_adds,
  SUM(CASE WHEN event_type = 'checkout' THEN 1 ELSE 0 END) AS checkouts
FROM TABLE(
  SESSION(TABLE stg_clicks_salted PARTITION BY customer_key, DESCRIPTOR(rowtime),
    INTERVAL '10' MINUTE))
GROUP BY customer_key, tenant_id, customer_id, window_start, window_end;
