package dev.warden.e2e.cli;

import dev.warden.e2e.suite.ServedModel;
import dev.warden.e2e.suite.SuiteConfig;
import dev.warden.e2e.suite.SuiteException;
import dev.warden.e2e.suite.SuitePorts;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.config.ModelConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./warden serve}: the options of serving one's own checkpoints, turned into a {@link SuiteConfig}. Running it
 * (start, dev key, banner, foreground or detached) is {@link SuiteCommand}'s, shared with {@code up}.
 */
@Command(name = "./warden serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve your own checkpoints behind the guarded OpenAI-compatible gateway: starts Redis (if none"
                + " answers), one inference-service per model, the judge and the gateway, creates a dev API key and"
                + " prints how to call it; stays in the foreground until Ctrl-C.",
                "A checkpoint is a Hugging Face directory: config.json, model.safetensors (or an index and shards),"
                        + " tokenizer.json (and optionally tokenizer_config.json with a chat template)."})
final class ServeCommand {

    private static final Pattern DEVICE = Pattern.compile("auto|cpu|gpu(:\\d+)?");

    @Option(names = "--model", required = true, paramLabel = "[NAME=]DIR",
            description = "A checkpoint directory; repeat for more models. The model id clients use is NAME, or the"
                    + " directory's name.")
    List<String> models = new ArrayList<>();

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu[:N]",
            description = "Where the models run (default ${DEFAULT-VALUE}: the first GPU when PyTorch sees one).")
    String device;

    @Option(names = "--dtype", defaultValue = "auto", paramLabel = "auto|f32|f16",
            description = "Weights and activations (default ${DEFAULT-VALUE}: f32 on the CPU, f16 on a GPU).")
    String dtype;

    @Option(names = "--rails", defaultValue = "on", paramLabel = "on|off",
            description = "The dev key's input and output rails (default ${DEFAULT-VALUE}).")
    String rails;

    @Option(names = "--recovery", description = "Also start recovery-service (repairs hot-loaded into the first model).")
    boolean recovery;

    @Option(names = "--detach", description = "Start in the background and return; ./warden down stops it.")
    boolean detach;

    @Option(names = "--port", defaultValue = "8080", description = "The gateway's port (default ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(names = "--max-batch", defaultValue = "8",
            description = "Generations decoded together per model (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--kv-cache-tokens", defaultValue = "4096",
            description = "KV cache slots per generation: the longest prompt + completion, capped at each model's"
                    + " context (default ${DEFAULT-VALUE}).")
    int kvCacheTokens;

    @Option(names = "--torch-threads", defaultValue = "1",
            description = "PyTorch threads per inference-service (default ${DEFAULT-VALUE}; see README, shared cores).")
    int torchThreads;

    /** Tests: random free ports, so that a running suite is not disturbed. */
    @Option(names = "--random-ports", hidden = true)
    boolean randomPorts;

    /** Tests: the Redis key prefix of the gateway (default the services' own, {@code warden:}). */
    @Option(names = "--redis-prefix", hidden = true)
    String redisPrefix;

    /** Whether the dev key's rails are on. */
    boolean railsOn() {
        return rails.equals("on");
    }

    /**
     * The suite to start.
     *
     * @throws SuiteException on a malformed option (nothing has started)
     */
    SuiteConfig.Builder configure(SuiteConfig.Builder b) {
        if (!rails.equals("on") && !rails.equals("off")) {
            throw new SuiteException("--rails must be on or off, got '" + rails + "'");
        }
        if (!DEVICE.matcher(device).matches()) {
            throw new SuiteException("--device must be auto, cpu, gpu or gpu:N, got '" + device + "'");
        }
        if (!Set.of("auto", "f32", "f16").contains(dtype)) {
            throw new SuiteException("--dtype must be auto, f32 or f16, got '" + dtype + "'");
        }
        if (Math.min(maxBatch, Math.min(kvCacheTokens, torchThreads)) < 1) {
            throw new SuiteException("--max-batch, --kv-cache-tokens and --torch-threads must be >= 1");
        }
        SuitePorts ports = randomPorts ? SuitePorts.random() : withGateway(SuitePorts.defaults(), gatewayPort);
        b.ports(ports).models(served(ports)).recovery(recovery)
                .inferenceSetting("device", device).inferenceSetting("dtype", dtype)
                .inferenceSetting("max-batch", Integer.toString(maxBatch))
                .inferenceSetting("torch-threads", Integer.toString(torchThreads));
        if (redisPrefix != null) {
            b.redisPrefixes(redisPrefix, redisPrefix + "recovery:");
        }
        return b;
    }

    private List<ServedModel> served(SuitePorts ports) {
        List<ServedModel> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<Integer> taken = new HashSet<>(List.of(ports.gateway(), ports.judge(), ports.recoveryHttp(),
                ports.recoveryGrpc()));
        for (int i = 0; i < models.size(); i++) {
            String spec = models.get(i);
            int eq = spec.indexOf('=');
            // NAME=DIR, unless the whole argument is an existing path that happens to hold '='
            boolean named = eq > 0 && !Files.exists(Path.of(spec));
            Path dir = Path.of(named ? spec.substring(eq + 1) : spec).toAbsolutePath().normalize();
            String id = named ? spec.substring(0, eq) : dir.getFileName() == null ? "" : dir.getFileName().toString();
            if (!ids.add(id)) {
                throw new SuiteException("two models would be called '" + id + "'; name them: --model NAME=DIR");
            }
            int port = inferencePort(ports, i, taken);
            taken.add(port);
            try {
                out.add(new ServedModel(id, dir, port, Math.min(kvCacheTokens, context(dir))));
            } catch (IllegalArgumentException e) {
                throw new SuiteException("--model " + spec + ": " + e.getMessage()
                        + (named ? "" : "; name it: --model NAME=" + spec));
            }
        }
        return out;
    }

    /** The model's context, or {@code kvCacheTokens} when config.json is unreadable (preflight names why). */
    private int context(Path dir) {
        try {
            return ModelConfig.read(dir).maxPositionEmbeddings();
        } catch (ModelConfigException e) {
            return kvCacheTokens;
        }
    }

    /** Model i's port: 9001, 9011, 9021 ... (the first two as for the demo), or random ones. */
    private int inferencePort(SuitePorts ports, int i, Set<Integer> taken) {
        if (i == 0) {
            return ports.inferenceAligned();
        }
        if (i == 1) {
            return ports.inferenceFinetuned();
        }
        int port = randomPorts ? SuitePorts.freePort() : ports.inferenceAligned() + 10 * i;
        while (taken.contains(port)) {
            port = SuitePorts.freePort();
        }
        return port;
    }

    private static SuitePorts withGateway(SuitePorts p, int gateway) {
        try {
            return new SuitePorts(gateway, p.inferenceAligned(), p.inferenceFinetuned(), p.judge(), p.recoveryHttp(),
                    p.recoveryGrpc());
        } catch (IllegalArgumentException e) {
            throw new SuiteException("--port " + gateway + ": " + e.getMessage());
        }
    }
}
