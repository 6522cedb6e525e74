package dev.warden.e2e.suite;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model the suite serves: an inference-service process named {@code inference-<id>} on {@code port}, serving
 * the Hugging Face layout directory {@code checkpoint}, routed by the gateway as {@code id}.
 *
 * @param id         the name clients put in {@code model} (letters, digits, {@code . _ -}; at most 64 characters)
 * @param checkpoint the checkpoint directory (config.json, safetensors, tokenizer.json)
 * @param port       the inference-service's port (gRPC and health on one port)
 * @param kvCacheTokens KV cache slots per sequence; 0: the service's default (the model's context)
 */
public record ServedModel(String id, Path checkpoint, int port, int kvCacheTokens) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Checks the id and port. */
    public ServedModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("model id '" + id + "' must be 1-64 letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port must be in [1, 65535], got " + port);
        }
        if (kvCacheTokens < 0) {
            throw new IllegalArgumentException("kvCacheTokens must be >= 0, got " + kvCacheTokens);
        }
        checkpoint = checkpoint.toAbsolutePath().normalize();
    }

    /** A model with the service's default KV cache (the model's context). */
    public ServedModel(String id, Path checkpoint, int port) {
        this(id, checkpoint, port, 0);
    }

    /** The name of its process (log file, pid file, status line): {@code inference-<id>}. */
    public String processName() {
        return "inference-" + id;
    }
}
