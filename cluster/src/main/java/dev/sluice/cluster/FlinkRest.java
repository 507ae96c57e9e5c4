package dev.sluice.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The parts of Flink's REST API that submit, list and stop jobs. */
public final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public FlinkRest(String base) {
    this.base = base;
  }

  /** {@code /overview}: TaskManagers, slots, jobs. */
  public JsonNode overview() throws IOException {
    return get("/overview");
  }

  /** {@code /jobs/overview}: every job with its name and state. */
  public JsonNode jobs() throws IOException {
    return get("/jobs/overview").path("jobs");
  }

  /** The state of one job (RUNNING, FINISHED, ...). */
  public String jobState(String jobId) throws IOException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** Cancels a job (no savepoint). */
  public void cancel(String jobId) throws IOException {
    send(
        HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody()),
        "cancel " + jobId);
  }

  /** Uploads a jar; returns its id on the cluster. */
  public String uploadJar(Path jar) throws IOException {
    String boundary = "sluice-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode answer =
        send(
            HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())),
            "upload " + jar);
    String file = answer.path("filename").asText();
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /**
   * Runs an uploaded jar's main class with {@code args}, from {@code savepoint} when not null;
   * returns the job id.
   */
  public String runJar(String jarId, String entryClass, List<String> args, String savepoint)
      throws IOException {
    ObjectNode request = JSON.createObjectNode();
    if (entryClass != null) {
      request.put("entryClass", entryClass);
    }
    request.set("programArgsList", JSON.valueToTree(args));
    if (savepoint != null) {
      request.put("savepointPath", savepoint);
      request.put("allowNonRestoredState", false);
    }
    return send(
            HttpRequest.newBuilder(URI.create(base + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())),
            "run " + jarId)
        .path("jobid")
        .asText();
  }

  /**
   * Stops a job with a savepoint (into the cluster's savepoint directory unless {@code directory}
   * is given) and waits for it; returns the savepoint's path.
   */
  public String stopWithSavepoint(String jobId, String directory, Duration timeout)
      throws IOException, InterruptedException {
    ObjectNode request = JSON.createObjectNode();
    request.put("drain", false);
    if (directory != null) {
      request.put("targetDirectory", directory);
    }
    String trigger =
        send(
                HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/stop"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())),
                "stop " + jobId)
            .path("request-id")
            .asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IOException(
              "Savepoint of job "
                  + jobId
                  + " failed: "
                  + operation.path("failure-cause").path("stack-trace").asText());
        }
        return operation.path("location").asText();
      }
      Thread.sleep(200);
    }
    throw new IOException("Savepoint of job " + jobId + " did not complete within " + timeout);
  }

  /** {@code /jobs/:id}: the job's state and the state of each of its vertices. */
  public JsonNode job(String jobId) throws IOException {
    return get("/jobs/" + jobId);
  }

  /** {@code /jobs/:id/checkpoints}: counts (in progress, completed) and the latest ones. */
  public JsonNode checkpoints(String jobId) throws IOException {
    return get("/jobs/" + jobId + "/checkpoints");
  }

  /** {@code /taskmanagers}: each registered TaskManager with its id and free slots. */
  public JsonNode taskManagers() throws IOException {
    return get("/taskmanagers").path("taskmanagers");
  }

  private JsonNode get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), "GET " + path);
  }

  private JsonNode send(HttpRequest.Builder request, String what) throws IOException {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted: " + what, e);
    } catch (java.net.ConnectException e) {
      throw new IOException(
          "No Flink cluster answers at " + base + " (bin/sluice cluster start starts one)", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          what + " at " + base + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
