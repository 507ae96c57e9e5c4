package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetterReason;
import java.io.Serializable;
import java.util.List;
import java.util.Set;

/** The shop pipeline's domain rules: which tenants, currencies, statuses and event types exist. */
public final class ShopRules implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Order statuses of the source system. */
  public static final List<String> ORDER_STATUSES =
      List.of("PENDING", "PAID", "SHIPPED", "CANCELLED");

  /** Click event types, in funnel order. */
  public static final List<String> EVENT_TYPES = List.of("view", "add_to_cart", "checkout");

  private final Set<String> tenants;
  private final Set<String> currencies;

  public ShopRules(List<String> tenants, List<String> currencies) {
    this.tenants = Set.copyOf(tenants);
    this.currencies = Set.copyOf(currencies);
  }

  /** The tenants served, sorted. */
  public List<String> tenants() {
    return tenants.stream().sorted().toList();
  }

  String tenant(String value) throws Rejected {
    String v = Fields.text("tenant_id", value);
    if (!tenants.contains(v)) {
      throw new Rejected(DeadLetterReason.UNKNOWN_TENANT, "tenant_id '" + v + "' is not served");
    }
    return v;
  }

  String currency(String value) throws Rejected {
    return Fields.oneOf("currency", value, currencies);
  }
}
