package io.hindsight.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hindsight.ReadmePassOnly;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kubernetes manifests the Quarkus Kubernetes extension writes at package time (target/kubernetes/kubernetes.yml),
 * read strictly into the fabric8 Kubernetes model — a property the model does not know fails the test instead of
 * landing in its catch-all map — and checked for what docs/deploy.md promises.
 *
 * <p>{@link ReadmePassOnly}: it reads files the package step wrote and uses no database.
 */
@ReadmePassOnly
class KubernetesManifestsIT {

    static final Path MANIFESTS = Path.of("target/kubernetes/kubernetes.yml");

    private static Deployment deployment;
    private static Service service;

    @BeforeAll
    static void readManifests() throws IOException {
        assertTrue(Files.exists(MANIFESTS), MANIFESTS + " is missing: `./mvnw package` writes it");
        List<HasMetadata> resources = parse(Files.readString(MANIFESTS));
        assertThat(resources).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Service", "Deployment");
        deployment = (Deployment) resources.stream().filter(Deployment.class::isInstance).findFirst().orElseThrow();
        service = (Service) resources.stream().filter(Service.class::isInstance).findFirst().orElseThrow();
    }

    @Test
    void readingIsStrict() {
        String unknown = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: hindsight
                spec:
                  replica: 2
                """;
        assertThatThrownBy(() -> parse(unknown)).hasRootCauseInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("replica");
        assertThatThrownBy(() -> parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"))
                .hasMessageContaining("Pod");
    }

    @Test
    void runsTwoReplicasReplacedOneAtATime() {
        assertEquals("hindsight", deployment.getMetadata().getName());
        assertEquals(2, deployment.getSpec().getReplicas());
        var rolling = deployment.getSpec().getStrategy();
        assertEquals("RollingUpdate", rolling.getType());
        // Kubernetes takes a string here only as a percentage ("1" is refused when applied).
        assertEquals("0%", rolling.getRollingUpdate().getMaxUnavailable().getStrVal());
        assertEquals("50%", rolling.getRollingUpdate().getMaxSurge().getStrVal());
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsAllEntriesOf(Map.of("app.kubernetes.io/name", "hindsight"))
                .as("a selector cannot change, so it must not name the version").doesNotContainKey("app.kubernetes.io/version");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertEquals(Boolean.TRUE, deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
    }

    @Test
    void probesAskTheHealthEndpoints() {
        Container portal = portal();
        assertProbe(portal.getReadinessProbe(), "/q/health/ready");
        assertProbe(portal.getLivenessProbe(), "/q/health/live");
        assertProbe(portal.getStartupProbe(), "/q/health/started");
        assertEquals(5, portal.getReadinessProbe().getPeriodSeconds());
        assertEquals(10, portal.getLivenessProbe().getPeriodSeconds());
        // A start may migrate the schema: five minutes before the kubelet gives up on it.
        assertThat(portal.getStartupProbe().getPeriodSeconds() * portal.getStartupProbe().getFailureThreshold()).isEqualTo(300);
    }

    @Test
    void takesSettingsFromTheConfigMapAndSecretsFromTheSecret() {
        Container portal = portal();
        assertThat(portal.getEnvFrom()).hasSize(2);
        assertThat(portal.getEnvFrom()).extracting(from -> from.getConfigMapRef() == null ? null : from.getConfigMapRef().getName())
                .contains("hindsight-config");
        assertThat(portal.getEnvFrom()).extracting(from -> from.getSecretRef() == null ? null : from.getSecretRef().getName())
                .contains("hindsight-secrets");
        // The database is required key by key: without it the pod does not start, where the portal would otherwise
        // start its embedded PostgreSQL.
        Map<String, String> database = Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc-url",
                "QUARKUS_DATASOURCE_USERNAME", "username", "QUARKUS_DATASOURCE_PASSWORD", "password");
        database.forEach((name, key) -> {
            var ref = env(portal, name).getValueFrom().getSecretKeyRef();
            assertThat(ref).as(name).isNotNull();
            assertEquals("hindsight-database", ref.getName(), name);
            assertEquals(key, ref.getKey(), name);
            assertThat(ref.getOptional()).as(name).isNotEqualTo(Boolean.TRUE);
        });
        // No value is written into the manifest itself (nor a setting that would change how the portal starts,
        // such as a switched-off Flyway).
        assertThat(portal.getEnv()).allSatisfy(e -> assertThat(e.getValue()).as(e.getName()).isNull());
    }

    @Test
    void requestsAndLimitsResources() {
        var resources = portal().getResources();
        assertEquals(new Quantity("250m"), resources.getRequests().get("cpu"));
        assertEquals(new Quantity("512Mi"), resources.getRequests().get("memory"));
        assertEquals(new Quantity("2"), resources.getLimits().get("cpu"));
        assertEquals(new Quantity("768Mi"), resources.getLimits().get("memory"));
    }

    @Test
    void serviceSendsPortEightyToThePortal() {
        assertEquals("hindsight", service.getMetadata().getName());
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
        ServicePort http = service.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
        assertEquals(80, http.getPort());
        assertEquals(8080, http.getTargetPort().getIntVal());
        assertThat(portal().getPorts()).anySatisfy(p -> {
            assertEquals("http", p.getName());
            assertEquals(8080, p.getContainerPort());
        });
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static Container portal() {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        Container portal = containers.get(0);
        assertThat(portal.getImage()).startsWith("hindsight:");
        return portal;
    }

    private static EnvVar env(Container container, String name) {
        Optional<EnvVar> found = container.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst();
        assertTrue(found.isPresent(), name + " is not set on the container");
        return found.get();
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).as(path).isNotNull();
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals(8080, probe.getHttpGet().getPort().getIntVal(), path);
        assertEquals("HTTP", probe.getHttpGet().getScheme());
    }

    /**
     * Each YAML document into its fabric8 class. The model classes keep unknown properties in a catch-all map
     * ({@code @JsonAnySetter}); switched off here, an unknown property is an error.
     */
    static List<HasMetadata> parse(String yaml) {
        ObjectMapper strict = new ObjectMapper()
                .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated a) {
                        return Boolean.FALSE;
                    }
                })
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        List<HasMetadata> resources = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (document == null) {
                continue;
            }
            Map<?, ?> map = (Map<?, ?>) document;
            Class<? extends HasMetadata> type = switch (String.valueOf(map.get("kind"))) {
                case "Deployment" -> Deployment.class;
                case "Service" -> Service.class;
                default -> throw new AssertionError("unexpected kind " + map.get("kind") + " in the manifests");
            };
            resources.add(strict.convertValue(map, type));
        }
        return resources;
    }
}
