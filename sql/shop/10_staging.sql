-- Staging views: the staged tables with derived columns, no business rules yet.
--
-- The job stages each source against the contract pipeline.yaml declares for it (bad records
-- become dead letters) and registers these staged tables before it runs the numbered files of
-- this folder in order:
--   stg_orders             upsert changelog, key (tenant_id, order_id)         <- CDC orders
--   stg_customers          upsert changelog, key (tenant_id, customer_id)      <- CDC customers
--   stg_customer_versions  every customer version, key (tenant_id, customer_id, valid_from)
--   stg_payments           insert/delete changelog of settlement lines, one batch_id per delivery;
--                          a corrected delivery deletes its batch's earlier lines
--   stg_clicks             append-only, event time `rowtime` with watermarks
-- The same statements run in the Flink SQL client once tables of those names exist.

CREATE TEMPORARY VIEW stg_orders_dated AS
SELECT
  tenant_id, order_id, customer_id, status, amount, currency, created_at,
  CAST(created_at AS DATE) AS order_date
FROM stg_orders;

CREATE TEMPORARY VIEW stg_payments_dated AS
SELECT
  tenant_id, payment_id, order_id, amount, currency, settled_at, batch_id,
  CAST(settled_at AS DATE) AS settled_date
FROM stg_payments;

-- Clicks with the UTC day of their event time, one key naming the customer across tenants, and a
-- salt: the bucket (0..7) that spreads one hot tenant over eight keys in the two-phase
-- aggregations of 30_marts.sql. Salting by customer keeps COUNT(DISTINCT customer_id) additive:
-- a customer is always in the same bucket.
CREATE TEMPORARY VIEW stg_clicks_salted AS
SELECT
  tenant_id, event_id, customer_id, event_type, sku, event_time, rowtime,
  CAST(event_time AS DATE) AS event_date,
  tenant_id || '/' || CAST(customer_id AS STRING) AS customer_key,
  MOD(customer_id, 8) AS salt
FROM stg_clicks;
