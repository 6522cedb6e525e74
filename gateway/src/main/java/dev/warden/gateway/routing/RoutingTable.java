package dev.warden.gateway.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Model name to {@link Route}: which inference-service address serves each model. Immutable. */
public final class RoutingTable {

    private final Map<String, Route> routes;

    /**
     * A table of {@code routes}, listed by model name.
     *
     * @throws IllegalArgumentException when two routes have the same model name
     */
    public RoutingTable(Collection<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort((a, b) -> a.model().compareTo(b.model()));
        Map<String, Route> byName = new LinkedHashMap<>();
        for (Route route : sorted) {
            if (byName.putIfAbsent(route.model(), route) != null) {
                throw new IllegalArgumentException("two routes for model '" + route.model() + "'");
            }
        }
        this.routes = Collections.unmodifiableMap(byName);
    }

    /** The route of {@code model}, if it is served. */
    public Optional<Route> route(String model) {
        return Optional.ofNullable(model == null ? null : routes.get(model));
    }

    /** Every route, by model name. */
    public List<Route> routes() {
        return List.copyOf(routes.values());
    }

    /** The distinct targets, in model-name order of first use. */
    public Set<String> targets() {
        Set<String> targets = new LinkedHashSet<>();
        routes.values().forEach(r -> targets.add(r.target()));
        return targets;
    }
}
