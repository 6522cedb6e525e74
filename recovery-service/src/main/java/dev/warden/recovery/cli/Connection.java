package dev.warden.recovery.cli;

import picocli.CommandLine.Option;

/** The options every command shares: where the service is and the token. */
final class Connection {

    @Option(names = "--url", description = "recovery-service's REST base URL (default: $WARDEN_RECOVERY_URL or"
            + " http://localhost:8083)")
    String url;

    @Option(names = "--token", description = "the bearer token (default: $WARDEN_RECOVERY_TOKEN)")
    String token;

    @Option(names = "--json", description = "print the service's JSON instead of a summary")
    boolean json;

    ApiClient client() {
        String u = url != null ? url : System.getenv().getOrDefault("WARDEN_RECOVERY_URL", "http://localhost:8083");
        String t = token != null ? token : System.getenv("WARDEN_RECOVERY_TOKEN");
        return new ApiClient(u, t);
    }
}
