package dev.warden.inference.app;

/**
 * DJL settings the service applies before its first model load, unless the deployment set them: PyTorch's
 * intra-op threads when configured, and offline
 * mode, so that a misconfigured engine fails at once instead of trying to download natives at run time (the
 * CPU natives ship in the application; a GPU image carries its CUDA libtorch in DJL's cache, or sets
 * {@code DJL_OFFLINE=false} to let DJL fetch it on first start).
 */
final class DjlDefaults {

    private DjlDefaults() {
    }

    /**
     * Sets {@code ai.djl.offline=true} unless the property or {@code DJL_OFFLINE} is set already, and
     * {@code ai.djl.pytorch.num_threads} to {@code torchThreads} when given and the property is unset.
     */
    static void apply(java.util.Optional<Integer> torchThreads) {
        if (torchThreads.isPresent() && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads.get()));
        }
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
