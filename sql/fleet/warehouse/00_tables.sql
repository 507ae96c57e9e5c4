-- The fleet example's tables in its warehouse; the sink creates its ops tables itself.
CREATE SCHEMA IF NOT EXISTS fleet;

CREATE TABLE IF NOT EXISTS fleet.vehicles (
  vehicle_id  TEXT         NOT NULL PRIMARY KEY,
  depot       TEXT         NOT NULL,
  vehicle_model TEXT         NOT NULL,
  tank_litres NUMERIC(6, 1) NOT NULL
);

-- Hours are UTC.
CREATE TABLE IF NOT EXISTS fleet.vehicle_hourly (
  vehicle_id      TEXT             NOT NULL,
  hour_start      TIMESTAMP        NOT NULL,
  readings        BIGINT           NOT NULL,
  top_speed_kmh   DOUBLE PRECISION NOT NULL,
  lowest_fuel_pct INTEGER          NOT NULL,
  odometer_km     BIGINT           NOT NULL,
  PRIMARY KEY (vehicle_id, hour_start)
);

CREATE TABLE IF NOT EXISTS fleet.fuel_daily (
  vehicle_id TEXT           NOT NULL,
  day        DATE           NOT NULL,
  depot      TEXT           NOT NULL,
  vehicle_model TEXT,
  purchases  BIGINT         NOT NULL,
  litres     NUMERIC(12, 2) NOT NULL,
  spend_eur  NUMERIC(14, 2) NOT NULL,
  PRIMARY KEY (vehicle_id, day, depot)
);
