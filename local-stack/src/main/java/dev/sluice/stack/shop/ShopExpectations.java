package dev.sluice.stack.shop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the generator produced on purpose: customer versions, good payments and clicks, and every
 * bad record.
 */
public final class ShopExpectations {

  /** A good settlement row, as the generator wrote it. */
  public static final class Payment {
    public final String paymentId;
    public final long orderId;
    public final String tenantId;
    public final String amount;
    public final String currency;
    public final String settledAt;

    Payment(
        String paymentId,
        long orderId,
        String tenantId,
        String amount,
        String currency,
        String settledAt) {
      this.paymentId = paymentId;
      this.orderId = orderId;
      this.tenantId = tenantId;
      this.amount = amount;
      this.currency = currency;
      this.settledAt = settledAt;
    }
  }

  /** A version of a customer, valid from {@code validFrom} until the next one. */
  public static final class CustomerVersion {
    public final String tenantId;
    public final long customerId;
    public final String name;
    public final String segment;
    public final String country;
    public final String validFrom;

    CustomerVersion(
        String tenantId,
        long customerId,
        String name,
        String segment,
        String country,
        String validFrom) {
      this.tenantId = tenantId;
      this.customerId = customerId;
      this.name = name;
      this.segment = segment;
      this.country = country;
      this.validFrom = validFrom;
    }
  }

  /** A good click, as the generator produced it. */
  public static final class Click {
    public final String tenantId;
    public final String eventId;
    public final long customerId;
    public final String eventType;
    public final String ts;

    Click(String tenantId, String eventId, long customerId, String eventType, String ts) {
      this.tenantId = tenantId;
      this.eventId = eventId;
      this.customerId = customerId;
      this.eventType = eventType;
      this.ts = ts;
    }
  }

  /** Good payment rows of each batch's latest delivery, by batch id (null: a bad line). */
  public final Map<String, List<Payment>> batches = new LinkedHashMap<>();

  /** Every customer version written, in order. */
  public final List<CustomerVersion> customerVersions = new ArrayList<>();

  /** Good clicks (not late). */
  public final List<Click> clicks = new ArrayList<>();

  /** Bad records by source: position (file:line, topic/partition/offset or order key) -> reason. */
  public final Map<String, Map<String, String>> badRecords = new LinkedHashMap<>();

  /** Data lines of the deliveries the pipeline must load (headers and re-deliveries excluded). */
  public long paymentLines;

  /** Deliveries written (re-deliveries included). */
  public long deliveries;

  /** Click records produced to Kafka. */
  public long clickRecords;

  /** False for a long-running feed (the demo), whose expectations would grow without bound. */
  volatile boolean recording = true;

  synchronized void batch(String batchId, List<Payment> payments) {
    deliveries++;
    paymentLines += payments.size();
    if (recording) {
      batches.put(batchId, payments);
    }
  }

  synchronized void paymentDuplicate(String manifest) {
    deliveries++;
    bad("payments", manifest, "DUPLICATE");
  }

  synchronized void customerVersion(CustomerVersion version) {
    if (recording) {
      customerVersions.add(version);
    }
  }

  /** Good payments of every batch's latest delivery. */
  public synchronized List<Payment> payments() {
    List<Payment> all = new ArrayList<>();
    for (List<Payment> batch : batches.values()) {
      for (Payment p : batch) {
        if (p != null) {
          all.add(p);
        }
      }
    }
    return all;
  }

  synchronized void click(Click click) {
    clickRecords++;
    if (click != null && recording) {
      clicks.add(click);
    }
  }

  synchronized void bad(String source, String position, String reason) {
    if (!recording) {
      return;
    }
    badRecords.computeIfAbsent(source, s -> new LinkedHashMap<>()).put(position, reason);
  }

  /** Bad records of one source. */
  public synchronized Map<String, String> bad(String source) {
    return badRecords.getOrDefault(source, Map.of());
  }
}
