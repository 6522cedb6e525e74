package dev.warden.bench.jlama;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.model.functions.Generator;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Single-stream greedy decode of a checkpoint directory with Jlama 0.8.4, an independent Java engine, reported
 * in the same form as {@code ./warden bench-model --model DIR}: prefill speed is prompt tokens over Jlama's
 * prompt time, decode speed is generated tokens over its generation time (the median of the timed runs after one
 * warm-up). Weights and working memory in f32, as Warden serves on CPU.
 *
 * <p>Run: {@code ./warden bench-jlama --model DIR [--prompt-tokens 32] [--new-tokens 128] [--runs 5]}.
 */
@Command(name = "bench-jlama", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Single-stream greedy decode of a checkpoint with Jlama 0.8.4, in bench-model's form.")
public final class JlamaBenchmark implements Callable<Integer> {

    /** The same prompt text as Warden's CheckpointBenchmark. */
    static final String PROMPT = "the quick brown fox jumps over the lazy dog and runs into the deep dark woods";

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "a Hugging Face checkpoint directory")
    private File dir;

    @Option(names = "--prompt-tokens", paramLabel = "N", defaultValue = "32",
            description = "prompt length in tokens (default: ${DEFAULT-VALUE})")
    private int promptTokens;

    @Option(names = "--new-tokens", paramLabel = "N", defaultValue = "128",
            description = "tokens generated per run (default: ${DEFAULT-VALUE})")
    private int newTokens;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "timed runs after one warm-up (default: ${DEFAULT-VALUE})")
    private int runs;

    @Spec
    private CommandSpec spec;

    private JlamaBenchmark() {
    }

    /** Runs the benchmark; see {@code --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new JlamaBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        if (promptTokens < 1 || newTokens < 1 || runs < 1) {
            throw new ParameterException(spec.commandLine(), "--prompt-tokens, --new-tokens and --runs must be >= 1");
        }
        AbstractModel m = ModelSupport.loadModel(dir, DType.F32, DType.F32);
        String prompt = prompt(m, promptTokens);
        int promptLength = m.encodePrompt(PromptContext.of(prompt)).length;
        double[] prefill = new double[runs];
        double[] decode = new double[runs];
        int generated = 0;
        for (int run = -1; run < runs; run++) {
            // Jlama's generate counts prompt and new tokens against the length it is given
            Generator.Response r = m.generate(UUID.randomUUID(), PromptContext.of(prompt), 0.0f,
                    promptLength + newTokens, (text, time) -> { });
            if (run >= 0) {
                prefill[run] = promptLength / (r.promptTimeMs / 1000.0);
                decode[run] = r.generatedTokens / (r.generateTimeMs / 1000.0);
                generated = r.generatedTokens;
            }
        }
        System.out.println(String.format(Locale.ROOT,
                "engine=jlama-0.8.4 model=%s prompt=%d new=%d prefill_tok_s=%.0f decode_tok_s=%.1f "
                        + "decode_ms_per_step=%.2f runs=%s jlama_threads=%d java=%s",
                dir.getName(), promptLength, generated, median(prefill), median(decode), 1000.0 / median(decode),
                format(decode), PhysicalCoreExecutor.instance.get().getCoreCount(),
                System.getProperty("java.version")));
        return 0;
    }

    /** The benchmark prompt repeated until it encodes to at least {@code tokens} ids, then cut word by word. */
    private static String prompt(AbstractModel m, int tokens) {
        StringBuilder text = new StringBuilder(PROMPT);
        while (m.encodePrompt(PromptContext.of(text.toString())).length < tokens) {
            text.append(' ').append(PROMPT);
        }
        String s = text.toString();
        while (s.contains(" ") && m.encodePrompt(PromptContext.of(s.substring(0, s.lastIndexOf(' ')))).length >= tokens) {
            s = s.substring(0, s.lastIndexOf(' '));
        }
        return s;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String format(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.1f", v));
        }
        return b.toString();
    }
}
