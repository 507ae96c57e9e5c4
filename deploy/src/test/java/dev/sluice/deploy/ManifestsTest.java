package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineParser;
import dev.sluice.job.factory.FactoryRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.FlinkSessionJob;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;

/**
 * The deployment files, checked offline: the manifests fit the Flink Kubernetes Operator's own CRD
 * schemas and parse into its CRD model (1.10), agree with each other, with the pipeline file and
 * with the job jar, and the Dockerfile's inputs exist after {@code package}.
 */
class ManifestsTest {

  private static final Path DEPLOY = Path.of(System.getProperty("sluice.deploy.dir", "."));
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static <T> T read(String file, Class<T> type) throws Exception {
    return YAML.readValue(DEPLOY.resolve(file).toFile(), type);
  }

  private static JsonNode tree(String file) throws Exception {
    return YAML.readTree(DEPLOY.resolve(file).toFile());
  }

  private static final String DEPLOYMENT_CRD =
      "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
  private static final String SESSION_JOB_CRD =
      "META-INF/fabric8/flinksessionjobs.flink.apache.org-v1.yml";

  @Test
  void theManifestsFitTheOperatorsCrdSchemas() throws Exception {
    assertThat(
            CrdSchema.load(DEPLOYMENT_CRD, "v1beta1").validate(tree("k8s/flink-deployment.yaml")))
        .isEmpty();
    assertThat(
            CrdSchema.load(SESSION_JOB_CRD, "v1beta1").validate(tree("k8s/flink-session-job.yaml")))
        .isEmpty();
  }

  @Test
  void theSchemaCheckCatchesATypoAndAWrongValue() throws Exception {
    JsonNode broken = tree("k8s/flink-deployment.yaml");
    ((ObjectNode) broken.at("/spec/job")).put("paralelism", 2).put("upgradeMode", "sometimes");
    assertThat(CrdSchema.load(DEPLOYMENT_CRD, "v1beta1").validate(broken))
        .anySatisfy(e -> assertThat(e).isEqualTo("spec.job.paralelism: unknown field"))
        .anySatisfy(
            e -> assertThat(e).startsWith("spec.job.upgradeMode: 'sometimes' is not one of"));
  }

  @Test
  void theFlinkDeploymentIsAValidApplicationWithSavepointUpgrades() throws Exception {
    FlinkDeployment deployment = read("k8s/flink-deployment.yaml", FlinkDeployment.class);
    assertThat(deployment.getSpec().getFlinkVersion()).isEqualTo(FlinkVersion.v1_20);
    JobSpec job = deployment.getSpec().getJob();
    assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
    assertThat(job.getEntryClass()).isEqualTo(jarMainClass());
    assertThat(job.getJarURI()).isEqualTo("local://" + dockerfileJarTarget());
    Map<String, String> conf = deployment.getSpec().getFlinkConfiguration();
    assertThat(conf)
        .containsEntry("state.backend.type", "rocksdb")
        .containsKeys(
            "state.checkpoints.dir",
            "state.savepoints.dir",
            "high-availability.storageDir",
            "metrics.reporter.prom.factory.class");
  }

  @Test
  void thePipelineComesFromTheConfigMapAndPasswordsFromTheSecret() throws Exception {
    JsonNode deployment = tree("k8s/flink-deployment.yaml");
    JsonNode pod = deployment.at("/spec/podTemplate/spec");
    String mountPath = pod.at("/containers/0/volumeMounts/0/mountPath").asText();
    assertThat(pod.at("/volumes/0/configMap/name").asText())
        .isEqualTo(tree("k8s/configmap.yaml").at("/metadata/name").asText());
    List<String> args = new ArrayList<>();
    deployment.at("/spec/job/args").forEach(a -> args.add(a.asText()));
    assertThat(args).containsExactly("--pipeline", mountPath + "/pipeline.yaml");

    String pipelineYaml = tree("k8s/configmap.yaml").at("/data/pipeline.yaml").asText();
    PipelineDefinition pipeline =
        PipelineParser.parse(
            new ByteArrayInputStream(pipelineYaml.getBytes(StandardCharsets.UTF_8)),
            "k8s/configmap.yaml",
            Map.of(),
            FactoryRegistry.discover());
    List<String> envFromSecret = new ArrayList<>();
    List<String> secretKeys = new ArrayList<>();
    tree("k8s/secret.template.yaml")
        .at("/stringData")
        .fieldNames()
        .forEachRemaining(secretKeys::add);
    for (JsonNode env : pod.at("/containers/0/env")) {
      envFromSecret.add(env.at("/name").asText());
      assertThat(env.at("/valueFrom/secretKeyRef/name").asText())
          .isEqualTo("sluice-shop-credentials");
      assertThat(secretKeys).contains(env.at("/valueFrom/secretKeyRef/key").asText());
    }
    List<String> passwordEnvs = new ArrayList<>();
    pipeline
        .sources()
        .forEach(
            s ->
                s.options()
                    .toConfiguration()
                    .getOptional(PASSWORD_ENV)
                    .ifPresent(passwordEnvs::add));
    pipeline
        .sinks()
        .forEach(
            s ->
                s.options()
                    .toConfiguration()
                    .getOptional(PASSWORD_ENV)
                    .ifPresent(passwordEnvs::add));
    assertThat(passwordEnvs).hasSize(2);
    assertThat(envFromSecret).containsAll(passwordEnvs);
    assertThat(pipelineYaml).doesNotContainIgnoringCase("password:");
  }

  private static final ConfigOption<String> PASSWORD_ENV =
      ConfigOptions.key("password-env").stringType().noDefaultValue();

  @Test
  void theSessionJobIsValidAndRunsTheSameEntryPoint() throws Exception {
    FlinkSessionJob sessionJob = read("k8s/flink-session-job.yaml", FlinkSessionJob.class);
    assertThat(sessionJob.getSpec().getDeploymentName()).isNotBlank();
    assertThat(sessionJob.getSpec().getJob().getEntryClass()).isEqualTo(jarMainClass());
    assertThat(sessionJob.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
  }

  @Test
  void theDockerfileBuildsFromTheFlinkImageWithTheJobJarThatPackageMade() throws Exception {
    String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
    assertThat(dockerfile).contains("FROM flink:1.20.3-java17");
    Matcher arg = Pattern.compile("ARG JOB_JAR=(\\S+)").matcher(dockerfile);
    assertThat(arg.find()).isTrue();
    Path jar = DEPLOY.resolve("..").resolve(arg.group(1)).normalize();
    assertThat(jar).as("the Dockerfile's job jar, built by package").exists();
    assertThat(jar.toAbsolutePath())
        .isEqualTo(Path.of(System.getProperty("sluice.job.jar")).toAbsolutePath().normalize());
  }

  @Test
  void theJobJarRunsOnAStockFlinkDistribution() throws Exception {
    assertThat(jarMainClass()).isEqualTo("dev.sluice.job.SluiceJob");
    List<String> flinkItself = new java.util.ArrayList<>();
    try (JarFile jar = new JarFile(System.getProperty("sluice.job.jar"))) {
      jar.stream()
          .map(java.util.jar.JarEntry::getName)
          .filter(
              name ->
                  name.startsWith("org/apache/flink/runtime/")
                      || name.startsWith("org/apache/flink/streaming/api/")
                      || name.startsWith("org/apache/flink/table/api/")
                      || name.startsWith("org/apache/flink/api/common/")
                      || name.startsWith("org/apache/flink/core/"))
          .limit(5)
          .forEach(flinkItself::add);
      assertThat(flinkItself)
          .as("Flink's own classes are provided by the cluster, not shaded in")
          .isEmpty();
      assertThat(jar.getEntry("org/apache/flink/connector/kafka/sink/KafkaSink.class"))
          .as("the connectors are")
          .isNotNull();
    }
  }

  private static String dockerfileJarTarget() throws Exception {
    Matcher copy =
        Pattern.compile("COPY \\$\\{JOB_JAR} (\\S+)")
            .matcher(Files.readString(DEPLOY.resolve("Dockerfile")));
    assertThat(copy.find()).isTrue();
    return copy.group(1);
  }

  private static String jarMainClass() throws Exception {
    try (JarFile jar = new JarFile(System.getProperty("sluice.job.jar"))) {
      return jar.getManifest().getMainAttributes().getValue("Main-Class");
    }
  }
}
