package dev.warden.model.runtime;

import java.util.Map;
import java.util.Optional;

/**
 * PyTorch's CPU threading defaults of every Warden process: one intra-op thread, and OpenMP workers that sleep
 * instead of spinning ({@code OMP_WAIT_POLICY=PASSIVE}).
 *
 * <p>Why: PyTorch starts one intra-op thread per core, and OpenMP's workers spin (busy-wait) between operations.
 * On a machine whose cores also run other work (a second service, a build, another tenant's pod), a decode step
 * of a small model waits for every worker, and every spinning worker takes a core from the work that would
 * release it: decode on 2 shared cores fell 10-20x and demo training 60x (BENCHMARKS.md, "Shared cores"). One
 * thread cannot collapse that way; a dedicated machine with a large model raises it (README.md, "CPU threads").
 *
 * <p>{@code OMP_WAIT_POLICY} is read by the OpenMP runtime when libtorch loads, from the process environment,
 * so a JVM cannot set it for itself: the {@code ./warden} launcher exports it, child processes get it through
 * {@link #childEnvironment}, and the Kubernetes manifests set it.
 */
public final class TorchThreads {

    /** DJL's system property for PyTorch's intra-op threads, read once when the engine starts. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";
    /** The OpenMP runtime's environment variable for how idle workers wait. */
    public static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    /** Intra-op threads when nothing is configured. */
    public static final int DEFAULT_THREADS = 1;
    /** The wait policy Warden's processes run with unless the environment says otherwise. */
    public static final String DEFAULT_WAIT_POLICY = "PASSIVE";

    private TorchThreads() {
    }

    /**
     * Sets {@link #PROPERTY} before the engine starts, unless it is set already (a {@code -D} on the command
     * line wins): to {@code configured} when present, else {@link #DEFAULT_THREADS}.
     *
     * @return the intra-op threads the engine will use
     * @throws IllegalArgumentException when {@code configured}, or an explicit property, is not a positive number
     */
    public static int applyDefault(Optional<Integer> configured) {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null) {
            return positive(PROPERTY, parse(explicit));
        }
        int threads = positive("torch threads", configured.orElse(DEFAULT_THREADS));
        System.setProperty(PROPERTY, Integer.toString(threads));
        return threads;
    }

    /**
     * A warning for a process that runs {@code threads} intra-op threads with OpenMP workers that spin (no
     * {@code OMP_WAIT_POLICY} in {@code env}), or empty when it cannot collapse that way.
     */
    public static Optional<String> spinWarning(int threads, Map<String, String> env) {
        if (threads <= 1 || env.containsKey(WAIT_POLICY)) {
            return Optional.empty();
        }
        return Optional.of(threads + " PyTorch threads with OpenMP workers that busy-wait: on cores shared with "
                + "other work decoding can slow down 10x; start the JVM with " + WAIT_POLICY + "="
                + DEFAULT_WAIT_POLICY + " in its environment (README.md, \"CPU threads\")");
    }

    /**
     * Adds {@code OMP_WAIT_POLICY=PASSIVE} to a child process's environment unless it names a policy already
     * (inherited from this process or set by the caller).
     */
    public static Map<String, String> childEnvironment(Map<String, String> env) {
        env.putIfAbsent(WAIT_POLICY, DEFAULT_WAIT_POLICY);
        return env;
    }

    private static int parse(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a positive number, got '" + text + "'");
        }
    }

    private static int positive(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + n);
        }
        return n;
    }
}
