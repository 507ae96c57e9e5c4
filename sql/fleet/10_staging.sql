-- Staging views of the fleet example. The job stages each source against the contract
-- pipeline.yaml declares and registers these tables before it runs the files of this folder:
--   stg_vehicles   upsert changelog, key vehicle_id                    <- CDC public.vehicles
--   stg_telemetry  append-only readings, event time `rowtime`, deduped  <- Kafka fleet.telemetry
--   stg_fuel       inserts (and deletes of a corrected batch's lines)   <- fuel-card files

-- The register as it stands now.
CREATE TEMPORARY VIEW cur_vehicles AS
SELECT vehicle_id, depot, vehicle_model, tank_litres
FROM stg_vehicles;
