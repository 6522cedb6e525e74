package dev.warden.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.k8s.Manifests.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every environment variable the manifests give a container names something that reads it:
 * {@code WARDEN_*} a key of that service's {@code @ConfigMapping}; {@code QUARKUS_*} a run-time property of
 * Quarkus or of an extension the service's pom declares (build-time properties cannot change in a running
 * service); anything else one of the few variables the JVM, DJL or OpenMP read, as the project's READMEs document
 * them.
 */
public final class EnvKeys {

    /** Read by the JVM itself. */
    static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");
    /** Read by DJL (documented in README.md and inference-service/README.md). */
    static final Set<String> DJL = Set.of("DJL_OFFLINE", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "PYTORCH_FLAVOR");
    /** Read by the OpenMP runtime under libtorch when it loads (documented in README.md, "CPU threads"). */
    static final Set<String> OPENMP = Set.of("OMP_WAIT_POLICY");
    /** Read by the Redis container (its command line and redis-cli). */
    static final Set<String> REDIS = Set.of("REDIS_PASSWORD", "REDISCLI_AUTH");

    private EnvKeys() {
    }

    /** The problems of every container's environment in {@code m}. */
    public static List<String> check(Manifests m) {
        Wiring wiring = new Wiring(m);
        QuarkusConfigModel model = QuarkusConfigModel.load();
        String readmes = Repo.read(Repo.root().resolve("README.md")) + Repo.read(Repo.module("inference-service").resolve("README.md"));
        List<String> p = new ArrayList<>();
        for (Workload w : m.workloads()) {
            ServiceModule s = ServiceModule.ALL.stream().filter(x -> x.workload().equals(w.name()) && w.kind().equals("Deployment"))
                    .findFirst().orElse(null);
            for (JsonNode c : w.allContainers()) {
                String who = w.id() + " container " + c.path("name").asText();
                for (String env : wiring.env(w, c).keySet()) {
                    String problem = s != null && c.path("name").asText().equals(s.workload())
                            ? checkService(env, s, model, readmes) : checkOther(env, w, readmes);
                    if (problem != null) {
                        p.add(who + ": " + problem);
                    }
                }
            }
        }
        return p;
    }

    /** Why {@code env} does not configure service {@code s}, or null when it does. */
    static String checkService(String env, ServiceModule s, QuarkusConfigModel model, String readmes) {
        if (env.startsWith("WARDEN_")) {
            ConfigMappingKeys.Mapping mapping = s.mapping();
            if (mapping.keys().stream().noneMatch(k -> EnvNames.matches(env, k))) {
                return env + " is no key of " + s.module() + "'s config (" + mapping.source() + ": " + mapping.keys() + ")";
            }
            return null;
        }
        if (env.startsWith("QUARKUS_")) {
            Set<String> extensions = s.configurableExtensions();
            List<QuarkusConfigModel.Property> props = model.lookup(env, extensions);
            if (props.isEmpty()) {
                Set<String> missing = new java.util.TreeSet<>(extensions);
                missing.removeAll(model.extensions());
                return env + " is no property of " + extensions + (missing.isEmpty() ? ""
                        : " (no config model on the test class path for " + missing + ": add them to k8s/pom.xml)");
            }
            if (props.stream().noneMatch(QuarkusConfigModel.Property::runtime)) {
                return env + " sets " + props.get(0).pattern() + ", fixed at build time (" + props.get(0).phase() + ")";
            }
            return null;
        }
        return checkOther(env, null, readmes);
    }

    private static String checkOther(String env, Workload w, String readmes) {
        if (w != null && w.name().equals("redis") && REDIS.contains(env)) {
            return null;
        }
        if (JVM.contains(env)) {
            return null;
        }
        if (DJL.contains(env) || OPENMP.contains(env)) {
            return readmes.contains(env) ? null : env + " is not documented in README.md or inference-service/README.md";
        }
        return env + " is read by nothing known (not WARDEN_*, QUARKUS_*, the JVM's, DJL's or OpenMP's)";
    }
}
