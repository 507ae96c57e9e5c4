package dev.sluice.stack.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Seeded inputs of the fleet example ({@code sql/fleet/}): the van register in Postgres, telemetry
 * readings on Kafka, fuel-card deliveries as JSON lines with manifests, each with bad records of
 * known reasons. It records what a correct pipeline must make of them in {@link FleetExpectations}.
 */
public final class FleetGenerator {

  /** DDL of the register the CDC source captures. */
  public static final String VEHICLES_DDL =
      "CREATE TABLE IF NOT EXISTS vehicles (vehicle_id TEXT PRIMARY KEY, depot TEXT NOT NULL,"
          + " model TEXT NOT NULL, tank_litres NUMERIC(6,1) NOT NULL)";

  /** The depots the register and the fuel files know. */
  public static final List<String> DEPOTS = List.of("north", "south", "east");

  private static final String[] MODELS = {"Sprinter", "Transit", "e-Vito", "Master"};
  private static final int VANS = 12;

  private final Random random;
  private final Instant base;
  private final FleetExpectations expected = new FleetExpectations();
  private int nextReading = 1;
  private int nextTxn = 1;
  private int nextFile = 1;

  /**
   * @param base the start of the readings' and purchases' times (hours before now)
   */
  public FleetGenerator(long seed, Instant base) {
    this.random = new Random(seed);
    this.base = base.truncatedTo(ChronoUnit.HOURS);
  }

  public FleetExpectations expected() {
    return expected;
  }

  /** Creates the register, REPLICA IDENTITY FULL, empty. */
  public static void createSourceTables(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(VEHICLES_DDL);
      st.execute("ALTER TABLE vehicles REPLICA IDENTITY FULL");
    }
  }

  /** Registers the vans V-0001..V-0012, then three rows the contract refuses. */
  public void insertVehicles(Connection c) throws SQLException {
    for (int i = 1; i <= VANS; i++) {
      String id = String.format(Locale.ROOT, "V-%04d", i);
      String depot = DEPOTS.get(i % DEPOTS.size());
      String model = MODELS[random.nextInt(MODELS.length)];
      BigDecimal tank = BigDecimal.valueOf(60 + random.nextInt(40)).setScale(1);
      vehicle(c, id, depot, model, tank);
      expected.vehicle(id, depot, model, tank);
    }
    badVehicle(c, "V-0100", "west", "Transit", "70.0", "INVALID_VALUE");
    badVehicle(c, "van-7", "north", "Transit", "70.0", "INVALID_VALUE");
    badVehicle(c, "V-0101", "south", "Transit", "5.0", "INVALID_VALUE");
  }

  /**
   * While the job runs: two vans change model, one van's tank is mis-keyed (the staged van is
   * retracted: curated data never keeps a version the source replaced by a bad one), and a van
   * leaves the fleet.
   */
  public void updateVehicles(Connection c) throws SQLException {
    for (String id : List.of("V-0002", "V-0005")) {
      String model = "Crafter";
      update(c, "UPDATE vehicles SET model = '" + model + "' WHERE vehicle_id = '" + id + "'");
      expected.vehicles.get(id)[1] = model;
    }
    update(c, "UPDATE vehicles SET tank_litres = 2000 WHERE vehicle_id = 'V-0007'");
    expected.vehicles.remove("V-0007");
    expected.bad("vehicles", "V-0007", "INVALID_VALUE");
    update(c, "DELETE FROM vehicles WHERE vehicle_id = 'V-0011'");
    expected.vehicles.remove("V-0011");
  }

  /**
   * Readings of every van over three hours, one every ~4 minutes, each van on one of two
   * partitions, produced in event-time order per partition; plus a speeding reading (kept: a
   * warning), a duplicate of it, and three bad records.
   */
  public void produceTelemetry(KafkaProducer<byte[], byte[]> producer, String topic) {
    List<Reading> readings = new ArrayList<>();
    for (int i = 1; i <= VANS; i++) {
      String id = String.format(Locale.ROOT, "V-%04d", i);
      long odometer = 10_000L * i;
      Instant at = base.plusSeconds(random.nextInt(60));
      while (at.isBefore(base.plus(3, ChronoUnit.HOURS))) {
        odometer += random.nextInt(5);
        readings.add(
            new Reading(
                i % 2, id, at, random.nextInt(1200) / 10.0, 10 + random.nextInt(90), odometer));
        at = at.plusSeconds(200 + random.nextInt(80));
      }
    }
    readings.add(new Reading(1, "V-0003", base.plus(90, ChronoUnit.MINUTES), 171.5, 50, 40_000));
    readings.sort((a, b) -> a.at.compareTo(b.at));
    for (Reading r : readings) {
      String id = String.format(Locale.ROOT, "r%06d", nextReading++);
      String value = reading(id, r.vehicle, r.at, r.speed, r.fuel, r.odometer);
      send(producer, topic, r.partition, value);
      expected.reading(r.vehicle, r.at, r.speed, r.fuel, r.odometer);
      if (r.speed >= 160) {
        expected.speedWarnings++;
        long offset = send(producer, topic, r.partition, value);
        expected.bad("telemetry-dedupe", topic + "/" + r.partition + "/" + offset, "DUPLICATE");
      }
    }
    int bad = 0;
    for (String[] record :
        List.of(
            new String[] {"{not json", "MALFORMED"},
            new String[] {"{\"reading_id\": \"b1\", \"ts\": \"" + base + "\"}", "MISSING_FIELD"},
            new String[] {
              reading("b2", "V-0001", base.plusSeconds(1), -4.0, 50, 1), "INVALID_VALUE"
            })) {
      long offset = send(producer, topic, bad % 2, record[0]);
      expected.bad("telemetry", topic + "/" + (bad % 2) + "/" + offset, record[1]);
      bad++;
    }
  }

  /** A reading before it is numbered and produced. */
  private record Reading(
      int partition, String vehicle, Instant at, double speed, int fuel, long odometer) {}

  /**
   * A fuel-card delivery per depot for the first day of the readings: purchases of the depot's
   * vans, plus a price no diesel has (an expectation), a line of another depot and one bought on
   * another day (both partition mismatches) and a zero-litre purchase.
   */
  public List<Path> writeFuelDeliveries(Path root) {
    LocalDate day = LocalDate.ofInstant(base, ZoneOffset.UTC);
    List<Path> manifests = new ArrayList<>();
    for (String depot : DEPOTS) {
      Path dir = root.resolve("day=" + day).resolve("depot=" + depot);
      String file = String.format(Locale.ROOT, "fuel-%03d.jsonl", nextFile++);
      List<String> lines = new ArrayList<>();
      for (String id : expected.registered()) {
        if (expected.depotOf(id).equals(depot)) {
          BigDecimal litres = BigDecimal.valueOf(2000 + random.nextInt(6000), 2);
          BigDecimal price =
              litres.multiply(new BigDecimal("1.79")).setScale(2, RoundingMode.HALF_UP);
          lines.add(purchase(id, litres, price, base.plusSeconds(600), depot));
          expected.purchase(id, day, depot, litres, price);
        }
      }
      String position = dir.resolve(file).toAbsolutePath() + ":";
      lines.add(purchase("V-0001", new BigDecimal("10.00"), new BigDecimal("500.00"), base, depot));
      expected.bad(
          "fuel-expectations",
          "table=fuel key=t" + (nextTxn - 1) + " expectation=sane_price",
          "EXPECTATION_FAILED");
      String other = depot.equals("north") ? "south" : "north";
      lines.add(purchase("V-0001", new BigDecimal("12.00"), new BigDecimal("20.00"), base, other));
      expected.bad("fuel", position + lines.size(), "PARTITION_MISMATCH");
      lines.add(
          purchase(
              "V-0001",
              new BigDecimal("12.00"),
              new BigDecimal("20.00"),
              base.minus(2, ChronoUnit.DAYS),
              depot));
      expected.bad("fuel", position + lines.size(), "PARTITION_MISMATCH");
      lines.add(purchase("V-0001", new BigDecimal("0.00"), new BigDecimal("0.00"), base, depot));
      expected.bad("fuel", position + lines.size(), "INVALID_VALUE");
      manifests.add(deliver(dir, file, "fuel-" + day + "-" + depot, lines));
      expected.deliveries++;
    }
    return manifests;
  }

  private String purchase(
      String vehicle, BigDecimal litres, BigDecimal price, Instant at, String depot) {
    return "{\"txn_id\": \"t"
        + nextTxn++
        + "\", \"vehicle_id\": \""
        + vehicle
        + "\", \"litres\": "
        + litres.toPlainString()
        + ", \"price_eur\": "
        + price.toPlainString()
        + ", \"bought_at\": \""
        + at
        + "\", \"depot\": \""
        + depot
        + "\"}";
  }

  private static String reading(
      String id, String vehicle, Instant at, double speed, int fuel, long odometer) {
    return "{\"reading_id\": \""
        + id
        + "\", \"vehicle_id\": \""
        + vehicle
        + "\", \"ts\": \""
        + at
        + "\", \"speed_kmh\": "
        + speed
        + ", \"fuel_pct\": "
        + fuel
        + ", \"odometer_km\": "
        + odometer
        + ", \"firmware\": \"2.1\"}";
  }

  private static long send(
      KafkaProducer<byte[], byte[]> producer, String topic, int partition, String value) {
    try {
      return producer
          .send(
              new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)))
          .get()
          .offset();
    } catch (Exception e) {
      throw new IllegalStateException("cannot produce to " + topic, e);
    }
  }

  private static Path deliver(Path dir, String file, String batchId, List<String> lines) {
    byte[] content = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    String manifest =
        "{\"batch_id\": \""
            + batchId
            + "\", \"file\": \""
            + file
            + "\", \"rows\": "
            + lines.size()
            + ", \"sha256\": \""
            + sha256(content)
            + "\"}\n";
    Path manifestFile = dir.resolve(file.replace(".jsonl", ".manifest.json"));
    writeAtomically(dir.resolve(file), content);
    writeAtomically(manifestFile, manifest.getBytes(StandardCharsets.UTF_8));
    return manifestFile;
  }

  private void vehicle(Connection c, String id, String depot, String model, BigDecimal tank)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement("INSERT INTO vehicles VALUES (?, ?, ?, ?)")) {
      st.setString(1, id);
      st.setString(2, depot);
      st.setString(3, model);
      st.setBigDecimal(4, tank);
      st.executeUpdate();
    }
  }

  private void badVehicle(
      Connection c, String id, String depot, String model, String tank, String reason)
      throws SQLException {
    vehicle(c, id, depot, model, new BigDecimal(tank));
    expected.bad("vehicles", id, reason);
  }

  private static void update(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static void writeAtomically(Path file, byte[] content) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.write(temp, content);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
