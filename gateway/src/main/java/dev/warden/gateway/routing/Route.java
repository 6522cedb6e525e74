package dev.warden.gateway.routing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one model is served.
 *
 * @param model the name clients use (1 to 256 characters, no whitespace or control characters)
 * @param target the inference-service address, {@code host:port}, or several separated by commas (replicas
 *               addressed one by one; see {@link #requireTarget(String, String)})
 * @param upstreamModel the model name sent upstream; empty means the model loaded at the target
 * @param ownedBy the owner shown by {@code GET /v1/models}
 */
public record Route(String model, String target, String upstreamModel, String ownedBy) {

    private static final Pattern MODEL = Pattern.compile("[^\\s\\p{Cntrl}]{1,256}");
    private static final Pattern TARGET = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9_.-]+):([0-9]{1,5})");

    /** Validates the components. */
    public Route {
        if (model == null || !MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("a model name must be 1 to 256 characters without whitespace or"
                    + " control characters, got '" + model + "'");
        }
        requireTarget("warden.gateway.models.\"" + model + "\".target", target);
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(ownedBy, "ownedBy");
    }

    /**
     * Checks a gRPC target: {@code host:port} with a DNS name, an IPv4 address or a bracketed IPv6 address,
     * and a port in 1..65535; or several of them separated by commas (no spaces).
     *
     * @param what the setting's name, for the message
     * @return the target
     * @throws IllegalArgumentException when it is not of that form
     */
    public static String requireTarget(String what, String target) {
        if (target == null || target.isEmpty() || target.startsWith(",") || target.endsWith(",")) {
            throw invalidTarget(what, target);
        }
        for (String address : target.split(",")) {
            var m = TARGET.matcher(address);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                throw invalidTarget(what, target);
            }
        }
        return target;
    }

    private static IllegalArgumentException invalidTarget(String what, String target) {
        return new IllegalArgumentException(what + " must be host:port (port 1..65535), or several separated by"
                + " commas, got '" + target + "'");
    }
}
