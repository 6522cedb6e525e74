package dev.warden.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static Route route(String model, String target) {
        return new Route(model, target, "", "warden");
    }

    @Test
    void routesAreFoundByModelAndListedByName() {
        RoutingTable table = new RoutingTable(List.of(route("zeta", "inference-b:9001"), route("alpha", "inference-a:9001"),
                route("beta", "inference-a:9001")));
        assertEquals("inference-b:9001", table.route("zeta").orElseThrow().target());
        assertTrue(table.route("gamma").isEmpty());
        assertTrue(table.route(null).isEmpty());
        assertEquals(List.of("alpha", "beta", "zeta"), table.routes().stream().map(Route::model).toList());
        assertEquals(Set.of("inference-a:9001", "inference-b:9001"), table.targets(), "one channel per distinct address");
    }

    @Test
    void duplicateModelsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new RoutingTable(List.of(route("a", "x:1"), route("a", "y:2"))));
    }

    @Test
    void targetsMustBeHostAndPort() {
        Route.requireTarget("t", "inference.warden.svc.cluster.local:9001");
        Route.requireTarget("t", "10.0.0.7:9001");
        Route.requireTarget("t", "[::1]:9001");
        for (String bad : new String[] {"inference", "inference:", ":9001", "inference:0", "inference:70000",
                "dns:///inference:9001", "a b:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Route.requireTarget("t", bad));
            assertTrue(e.getMessage().contains("host:port"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> route("has space", "x:1"));
    }

    @Test
    void channelPoolOpensOneChannelPerTargetWithoutConnecting() {
        try (ChannelPool pool = new ChannelPool(List.of("127.0.0.1:1", "127.0.0.1:1", "localhost:2"))) {
            assertEquals(2, pool.size());
            assertEquals("127.0.0.1:1", pool.channel("127.0.0.1:1").authority());
            assertThrows(IllegalArgumentException.class, () -> pool.channel("elsewhere:3"));
        }
    }
}
