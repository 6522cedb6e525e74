package dev.warden.gateway.http;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The gateway's HTTP API as data: every route's method and path, so that the router registers them and a path
 * asked with another method can be answered 405 with the methods it takes.
 */
final class Endpoints {

    /** One route: a method, a Vert.x path ({@code :param} segments) and the handler's name. */
    record Route(HttpMethod method, String path, String name) {

        boolean matches(String requestPath) {
            return Pattern.matches(path.replaceAll(":[a-z]+", "[^/]+"), requestPath);
        }
    }

    /** Every route of the API. */
    static final List<Route> ROUTES = List.of(
            new Route(HttpMethod.POST, "/v1/chat/completions", "chat"),
            new Route(HttpMethod.GET, "/v1/models", "models"),
            new Route(HttpMethod.GET, "/v1/models/:model", "model"),
            new Route(HttpMethod.POST, "/v1/moderations", "moderations"),
            new Route(HttpMethod.POST, "/admin/keys", "create-key"),
            new Route(HttpMethod.GET, "/admin/keys", "list-keys"),
            new Route(HttpMethod.DELETE, "/admin/keys/:id", "revoke-key"),
            new Route(HttpMethod.GET, "/admin/tenants/:tenant/policy", "get-policy"),
            new Route(HttpMethod.PUT, "/admin/tenants/:tenant/policy", "set-policy"),
            new Route(HttpMethod.GET, "/admin/audit", "audit"));

    private Endpoints() {
    }

    /** The methods {@code path} takes; empty when no route has that path. */
    static Set<String> methodsOf(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : ROUTES) {
            if (route.matches(path)) {
                methods.add(route.method().name());
            }
        }
        return methods;
    }
}
