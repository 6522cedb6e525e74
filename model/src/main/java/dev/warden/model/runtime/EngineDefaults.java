package dev.warden.model.runtime;

import java.util.Optional;

/**
 * The DJL settings a service applies before its first model load, unless the deployment set them, written once
 * for inference-service and recovery-service (issue 16):
 * <ul>
 * <li>PyTorch's intra-op threads: the service's {@code torch-threads}, one by default (see {@link TorchThreads});</li>
 * <li>offline mode, so that a misconfigured engine fails at once instead of trying to download natives at run
 *     time (the CPU natives ship in the application; a GPU image carries its CUDA libtorch in DJL's cache, or
 *     sets {@code DJL_OFFLINE=false} to let DJL fetch it on first start).</li>
 * </ul>
 */
public final class EngineDefaults {

    /** DJL's offline switch (system property); {@code DJL_OFFLINE} is its environment form. */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private EngineDefaults() {
    }

    /**
     * Sets {@code ai.djl.pytorch.num_threads} to {@code torchThreads} unless the property is set, and
     * {@code ai.djl.offline=true} unless the property or {@code DJL_OFFLINE} is set.
     *
     * @return a warning to log when more than one thread would run with OpenMP workers that spin
     */
    public static Optional<String> apply(int torchThreads) {
        int threads = TorchThreads.applyDefault(Optional.of(torchThreads));
        if (System.getProperty(OFFLINE_PROPERTY) == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        return TorchThreads.spinWarning(threads, System.getenv());
    }
}
