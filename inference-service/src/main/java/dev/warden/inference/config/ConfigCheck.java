package dev.warden.inference.config;

import ai.djl.Device;
import dev.warden.model.runtime.DeviceChoice;

/** Rejects a configuration that cannot work at startup, naming the key, instead of failing on a request. */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /**
     * Returns normally for a usable configuration.
     *
     * @throws IllegalArgumentException naming the first bad key and what it accepts
     */
    public static void validate(InferenceConfig c) {
        positive("max-batch", c.maxBatch());
        positive("max-queue", c.maxQueue());
        positive("worker-threads", c.workerThreads());
        positive("max-new-tokens", c.maxNewTokens());
        positive("max-inputs", c.maxInputs());
        positive("torch-threads", c.torchThreads());
        c.kvCacheTokens().ifPresent(n -> positive("kv-cache-tokens", n));
        try {
            DeviceChoice.parse(c.device());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("warden.inference.device: " + e.getMessage(), e);
        }
        try {
            DeviceChoice.parseDtype(c.dtype(), Device.cpu());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("warden.inference.dtype: " + e.getMessage(), e);
        }
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("warden.inference." + key + " must be >= 1, got " + value);
        }
    }
}
