package dev.warden.e2e.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loopback ports of one suite.
 *
 * @param gateway            the gateway's HTTP port (OpenAI API, admin API, health)
 * @param inferenceAligned   the inference-service serving the aligned demo model (gRPC and health on one port)
 * @param inferenceFinetuned the inference-service serving the fine-tuned demo model; repairs are hot-loaded here
 * @param judge              judge-service (gRPC and health on one port)
 * @param recoveryHttp       recovery-service's REST API and health
 * @param recoveryGrpc       recovery-service's gRPC server
 */
public record SuitePorts(int gateway, int inferenceAligned, int inferenceFinetuned, int judge, int recoveryHttp,
                         int recoveryGrpc) {

    /** Validates every port. */
    public SuitePorts {
        for (int port : List.of(gateway, inferenceAligned, inferenceFinetuned, judge, recoveryHttp, recoveryGrpc)) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("a port must be in [1, 65535], got " + port);
            }
        }
        if (new HashSet<>(List.of(gateway, inferenceAligned, inferenceFinetuned, judge, recoveryHttp,
                recoveryGrpc)).size() != 6) {
            throw new IllegalArgumentException("the six ports of a suite must differ");
        }
    }

    /** The services' own defaults (8080, 9001, 9002, 8083, 9003), the fine-tuned model's inference on 9011. */
    public static SuitePorts defaults() {
        return new SuitePorts(8080, 9001, 9011, 9002, 8083, 9003);
    }

    /** Six distinct ports free at the moment (for tests, which must not collide with a running suite). */
    public static SuitePorts random() {
        Set<Integer> ports = new HashSet<>();
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < 6) {
            int port = freePort();
            if (ports.add(port)) {
                picked.add(port);
            }
        }
        return new SuitePorts(picked.get(0), picked.get(1), picked.get(2), picked.get(3), picked.get(4),
                picked.get(5));
    }

    /** Every port with what listens on it, in start order. */
    public Map<String, Integer> byRole() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("inference (aligned)", inferenceAligned);
        m.put("inference (fine-tuned)", inferenceFinetuned);
        m.put("judge", judge);
        m.put("gateway", gateway);
        m.put("recovery (REST)", recoveryHttp);
        m.put("recovery (gRPC)", recoveryGrpc);
        return m;
    }

    /** Whether nothing listens on loopback {@code port} (a bind attempt succeeds). */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException taken) {
            return false;
        }
    }

    /** A loopback port nothing listens on at the moment (bound, then released). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
