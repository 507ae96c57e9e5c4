-- Marts of the fleet example.

-- Per van and hour of event time: how many readings, the top speed, the lowest fuel level and
-- how far the odometer got. Final when the watermark passes the hour: append-only.
CREATE TEMPORARY VIEW mart_vehicle_hourly AS
SELECT
  vehicle_id,
  window_start AS hour_start,
  COUNT(*) AS readings,
  MAX(speed_kmh) AS top_speed_kmh,
  MIN(fuel_pct) AS lowest_fuel_pct,
  MAX(odometer_km) AS odometer_km
FROM TABLE(TUMBLE(TABLE stg_telemetry, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))
GROUP BY vehicle_id, window_start, window_end;

-- Per van, day and depot: fuel bought on its cards, with the van's model as the register has it
-- now (a van not in the register keeps its purchases, with no model). Aggregated first, then
-- joined on the van: every change of one row comes from the one subtask of its van.
CREATE TEMPORARY VIEW fuel_bought_daily AS
SELECT vehicle_id, `day`, depot, COUNT(*) AS purchases, SUM(litres) AS litres,
  SUM(price_eur) AS spend_eur
FROM stg_fuel
GROUP BY vehicle_id, `day`, depot;

CREATE TEMPORARY VIEW mart_fuel_daily AS
SELECT f.vehicle_id, f.`day`, f.depot, v.vehicle_model, f.purchases, f.litres, f.spend_eur
FROM fuel_bought_daily AS f
LEFT JOIN stg_vehicles AS v ON f.vehicle_id = v.vehicle_id;
