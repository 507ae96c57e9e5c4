package dev.sluice.stack.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fleet pipeline must make of {@link FleetGenerator}'s inputs: each mart's rows and every
 * dead letter, as text rows like {@code ShopOracle.rows} gives them ({@code a|b|c}, sorted).
 */
public final class FleetExpectations {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Van id -> {depot, model, tank litres}: the register as the pipeline must end with it. */
  final Map<String, String[]> vehicles = new TreeMap<>();

  /** (van|hour) -> {readings, top speed, lowest fuel, odometer}. */
  private final Map<String, double[]> hourly = new TreeMap<>();

  /** (van|day|depot) -> {purchases, litres, spend}. */
  private final Map<String, BigDecimal[]> fuel = new TreeMap<>();

  private final List<String> bad = new ArrayList<>();

  /** Readings over the speed the telemetry contract warns about. */
  public int speedWarnings;

  /** Fuel deliveries written. */
  public int deliveries;

  void vehicle(String id, String depot, String model, BigDecimal tank) {
    vehicles.put(id, new String[] {depot, model, tank.toPlainString()});
  }

  List<String> registered() {
    return new ArrayList<>(vehicles.keySet());
  }

  String depotOf(String id) {
    return vehicles.get(id)[0];
  }

  void reading(String vehicle, Instant at, double speed, int fuelPct, long odometer) {
    String hour =
        HOUR.format(LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC));
    double[] h = hourly.computeIfAbsent(vehicle + "|" + hour, k -> new double[] {0, 0, 101, 0});
    h[0]++;
    h[1] = Math.max(h[1], speed);
    h[2] = Math.min(h[2], fuelPct);
    h[3] = Math.max(h[3], odometer);
  }

  void purchase(String vehicle, LocalDate day, String depot, BigDecimal litres, BigDecimal price) {
    BigDecimal[] f =
        fuel.computeIfAbsent(
            vehicle + "|" + day + "|" + depot,
            k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
    f[0] = f[0].add(BigDecimal.ONE);
    f[1] = f[1].add(litres);
    f[2] = f[2].add(price);
  }

  void bad(String stage, String position, String reason) {
    bad.add(stage + " " + position + " " + reason);
  }

  /** Rows of {@code fleet.vehicles}: vehicle_id|depot|model|tank_litres. */
  public List<String> vehicles() {
    List<String> rows = new ArrayList<>();
    vehicles.forEach((id, v) -> rows.add(id + "|" + v[0] + "|" + v[1] + "|" + v[2]));
    return rows;
  }

  /** Rows of {@code fleet.vehicle_hourly}: vehicle|hour|readings|top speed|lowest fuel|odometer. */
  public List<String> hourly() {
    List<String> rows = new ArrayList<>();
    hourly.forEach(
        (key, h) ->
            rows.add(
                key
                    + "|"
                    + (long) h[0]
                    + "|"
                    + BigDecimal.valueOf(h[1]).stripTrailingZeros().toPlainString()
                    + "|"
                    + (int) h[2]
                    + "|"
                    + (long) h[3]));
    rows.sort(null);
    return rows;
  }

  /** Rows of {@code fleet.fuel_daily}: vehicle|day|depot|model|purchases|litres|spend. */
  public List<String> fuelDaily() {
    List<String> rows = new ArrayList<>();
    fuel.forEach(
        (key, f) -> {
          String vehicle = key.substring(0, key.indexOf('|'));
          String[] v = vehicles.get(vehicle);
          String[] k = key.split("\\|");
          rows.add(
              k[0]
                  + "|"
                  + k[1]
                  + "|"
                  + k[2]
                  + "|"
                  + (v == null ? "null" : v[1])
                  + "|"
                  + f[0].toPlainString()
                  + "|"
                  + f[1].toPlainString()
                  + "|"
                  + f[2].toPlainString());
        });
    rows.sort(null);
    return rows;
  }

  /** Every dead letter as "stage position reason", sorted. */
  public List<String> deadLetters() {
    List<String> letters = new ArrayList<>(bad);
    letters.sort(null);
    return letters;
  }
}
