package dev.tagdesk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml}, which no engine runs on these machines: it parses as YAML (its anchors
 * and merge keys too), and its TagDesk instances, database and balancer fit together: every instance
 * has a name of its own, is in the balancer's rotation, checks its readiness, and is given time to
 * drain, finish its requests and hand back its imports before it is killed. {@code docker compose
 * config} checks the rest where Compose is installed.
 */
class ComposeFileTests {

    @SuppressWarnings("unchecked")
    final Map<String, Object> compose = (Map<String, Object>) load("docker-compose.yml");

    final String caddyfile = read("deploy/Caddyfile");

    @Test
    void everyInstanceHasANameOfItsOwnAndIsInTheBalancersRotation() {
        List<String> instances = services().keySet().stream()
                .filter(name -> name.startsWith("app-"))
                .toList();
        assertThat(instances).hasSizeGreaterThanOrEqualTo(2);
        List<Object> names = instances.stream()
                .map(name -> environment(name).get("TAGDESK_INSTANCE_NAME"))
                .toList();
        assertThat(names).doesNotContainNull().doesNotHaveDuplicates();
        for (String instance : instances) {
            assertThat(caddyfile).contains(instance + ":8080");
            assertThat(environment(instance))
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/tagdesk")
                    .containsKey("TAGDESK_ADMIN_PASSWORD");
        }
        assertThat(caddyfile).contains("lb_policy round_robin").contains("health_uri /actuator/health/readiness");
        assertThat(service("lb").get("ports")).asList().containsExactly("127.0.0.1:8080:8080");
    }

    @Test
    void everyInstanceChecksItsReadinessAndIsGivenTimeToStopCleanly() {
        for (String instance : List.of("app-1", "app-2")) {
            Map<String, Object> service = service(instance);
            assertThat(String.valueOf(((Map<?, ?>) service.get("healthcheck")).get("test")))
                    .contains("/actuator/health/readiness");
            Duration drain = Duration.parse("PT" + environment(instance).get("TAGDESK_SHUTDOWN_DRAIN"));
            Duration grace = Duration.parse("PT" + service.get("stop_grace_period"));
            Duration requests = Duration.ofSeconds(30); // spring.lifecycle.timeout-per-shutdown-phase
            Duration imports = Duration.ofSeconds(20); // tagdesk.import.shutdown-grace
            assertThat(grace).isGreaterThan(drain.plus(requests).plus(imports));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> services() {
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> service(String name) {
        return (Map<String, Object>) services().get(name);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> environment(String name) {
        return (Map<String, Object>) service(name).get("environment");
    }

    private static Object load(String file) {
        return new Yaml().load(read(file));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
