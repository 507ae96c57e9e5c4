package dev.sluice.job.source.cdc;

import static dev.sluice.connectors.deadletter.DeadLetterReason.MALFORMED;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_MISMATCH;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connectors.json.StrictJson;
import dev.sluice.job.contract.Rejected;
import dev.sluice.job.staging.StagingFunction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses each Debezium change event of one CDC source once and routes it to the staging of its
 * table (a side output per table definition); every routed event also goes to the main output, for
 * progress marks. An event that is not JSON, or has no table or row image, is a dead letter of the
 * source.
 */
final class ChangeEventRouter extends StagingFunction<String, ChangeEvent> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ChangeEventRouter.class);

  private final List<CdcRoute> routes;
  private transient ObjectMapper mapper;
  private transient Map<String, CdcRoute> byUpstream;
  private transient Map<String, OutputTag<ChangeEvent>> tags;
  private transient String lastJson;
  private transient JsonNode lastEvent;
  private transient Rejected lastRejection;

  /** How many events it parsed (each once), for tests. */
  transient int parses;

  ChangeEventRouter(String pipeline, String source, List<CdcRoute> routes) {
    super(pipeline, source);
    this.routes = routes;
  }

  @Override
  protected boolean isRecord(String json) {
    // Events of tables no definition takes (Debezium's own, a table the publication covers for
    // another pipeline) are not this source's records.
    try {
      JsonNode source = parse(json).path("source");
      return !source.isObject() || route(upstream(source)) != null;
    } catch (Rejected notJson) {
      return true;
    }
  }

  @Override
  protected void stage(String json, Context ctx, Collector<ChangeEvent> out) throws Rejected {
    JsonNode event = parse(json);
    JsonNode source = event.path("source");
    if (!source.isObject()) {
      throw new Rejected(SCHEMA_MISMATCH, "change event has no source block naming its table");
    }
    CdcRoute route = route(upstream(source));
    ChangeEvent change = ChangeEvent.of(event, route, upstream(source), json);
    ctx.output(tag(route), change);
    out.collect(change);
  }

  private OutputTag<ChangeEvent> tag(CdcRoute route) {
    if (tags == null) {
      tags = new HashMap<>();
    }
    return tags.computeIfAbsent(route.table, t -> route.tag());
  }

  private CdcRoute route(String upstream) {
    if (byUpstream == null) {
      byUpstream = new HashMap<>();
    }
    return byUpstream.computeIfAbsent(
        upstream,
        name -> {
          for (CdcRoute route : routes) {
            if (route.matches(name)) {
              return route;
            }
          }
          LOG.info("Change events of {} are not captured by any table definition", name);
          return null;
        });
  }

  static String upstream(JsonNode source) {
    return source.path("schema").asText() + "." + source.path("table").asText();
  }

  /**
   * The event {@code json} holds, parsed once however often isRecord, stage and position ask; a
   * rejection is kept alike.
   */
  private JsonNode parse(String json) throws Rejected {
    if (json != lastJson) {
      parses++;
      JsonNode event = null;
      Rejected rejection = null;
      try {
        event = read(json);
      } catch (Rejected notAnEvent) {
        rejection = notAnEvent;
      }
      lastJson = json;
      lastEvent = event;
      lastRejection = rejection;
    }
    if (lastRejection != null) {
      throw lastRejection;
    }
    return lastEvent;
  }

  private JsonNode read(String json) throws Rejected {
    if (mapper == null) {
      mapper = StrictJson.mapper();
    }
    try {
      JsonNode node = mapper.readTree(json);
      if (node == null || !node.isObject()) {
        throw new Rejected(MALFORMED, "change event is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Rejected(MALFORMED, "change event is not JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  protected String payload(String json) {
    return json;
  }

  @Override
  protected String position(String json) {
    try {
      JsonNode source = parse(json).path("source");
      return "lsn=" + source.path("lsn").asText("?") + " table=" + upstream(source);
    } catch (Rejected e) {
      return "lsn=? (unparseable event of " + json.length() + " chars)";
    }
  }
}
