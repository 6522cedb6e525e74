package dev.warden.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered objects agree with each other and with the services' own configuration. */
class WiringTest {

    @ParameterizedTest
    @ValueSource(strings = {"overlays/cpu", "overlays/gpu"})
    void everyOverlayIsConsistent(String overlay) {
        assertEquals(List.of(), new Wiring(Manifests.of(overlay)).all());
    }

    @Test
    void theBaseIsConsistentExceptForTheModelTheOverlaysChoose() {
        Wiring w = new Wiring(Manifests.of("base"));
        List<String> p = new ArrayList<>();
        p.addAll(w.services());
        p.addAll(w.targets());
        ServiceModule.ALL.forEach(s -> p.addAll(w.serviceConfig(s)));
        p.addAll(w.upstreams());
        p.addAll(w.references());
        p.addAll(w.security());
        p.addAll(w.gpu());
        assertEquals(List.of(), p);
        assertEquals(List.of("Deployment/inference: no WARDEN_INFERENCE_CHECKPOINT (the overlay chooses the model)"), w.storage());
    }

    @Test
    void thePortsComeFromTheServicesApplicationProperties() {
        assertEquals(8080, ServiceModule.of("gateway").httpPort());
        assertEquals(OptionalInt.empty(), ServiceModule.of("gateway").grpcPort());
        assertEquals(Set.of(9001), ServiceModule.of("inference").ports());
        assertEquals(OptionalInt.of(9002), ServiceModule.of("judge").grpcPort());
        assertEquals(Set.of(8083, 9003), ServiceModule.of("recovery").ports());
        for (ServiceModule s : ServiceModule.ALL) {
            assertEquals("/q/health/ready", s.healthPath("ready"), s.module());
            assertEquals("/q/metrics", s.metricsPath(), s.module());
            assertTrue(s.quarkusExtensions().containsAll(Set.of("quarkus-smallrye-health", "quarkus-micrometer-registry-prometheus")),
                    s.module() + ": " + s.quarkusExtensions());
        }
    }
}
