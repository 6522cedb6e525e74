package dev.warden.inference.app;

import dev.warden.model.runtime.TorchThreads;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * DJL settings the service applies before its first model load, unless the deployment set them: PyTorch's
 * intra-op threads ({@code torch-threads}, one by default: see {@link TorchThreads}), and offline
 * mode, so that a misconfigured engine fails at once instead of trying to download natives at run time (the
 * CPU natives ship in the application; a GPU image carries its CUDA libtorch in DJL's cache, or sets
 * {@code DJL_OFFLINE=false} to let DJL fetch it on first start).
 */
final class DjlDefaults {

    private static final Logger LOG = Logger.getLogger(DjlDefaults.class);

    private DjlDefaults() {
    }

    /**
     * Sets {@code ai.djl.offline=true} unless the property or {@code DJL_OFFLINE} is set already, and
     * {@code ai.djl.pytorch.num_threads} to {@code torchThreads} unless the property is set; warns when more than
     * one thread would run with OpenMP workers that spin.
     */
    static void apply(int torchThreads) {
        int threads = TorchThreads.applyDefault(Optional.of(torchThreads));
        TorchThreads.spinWarning(threads, System.getenv()).ifPresent(LOG::warn);
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
