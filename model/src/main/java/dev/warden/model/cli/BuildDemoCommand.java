package dev.warden.model.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./warden build-demo}: (re)builds the demo models and prints their held-out metrics. */
@Command(name = "build-demo", mixinStandardHelpOptions = true,
        description = "Train the demo models (aligned and fine-tuned), print held-out metrics, save them.")
public final class BuildDemoCommand implements Callable<Integer> {

    @Option(names = "--models-dir", description = "Where to put demo/ (default: ${DEFAULT-VALUE}).")
    Path modelsDir = WardenCli.defaultModelsDir();

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = DemoModels.SEED;

    @Option(names = "--variant", description = "demo, or test (tiny, seconds) (default: ${DEFAULT-VALUE}).")
    String variant = "demo";

    @Override
    public Integer call() {
        String name = variant.equals("demo") ? "demo" : "demo-" + variant;
        return DemoModels.build(modelsDir.resolve(name), seed, variant);
    }
}
