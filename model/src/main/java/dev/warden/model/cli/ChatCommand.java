package dev.warden.model.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.generate.TokenListener;
import dev.warden.model.runtime.DeviceChoice;
import dev.warden.model.tokenizer.ChatMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Chat with a checkpoint in the terminal: each line typed is a user turn, the answer streams back token by
 * token. By default the demo model's aligned checkpoint, built first when absent.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chat with a model in the terminal (default: the demo model, built if absent).")
public final class ChatCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Checkpoint directory (default: <models>/demo/aligned).")
    Path model;

    @Option(names = "--models-dir", description = "Where the demo models live (default: ${DEFAULT-VALUE}).")
    Path modelsDir = WardenCli.defaultModelsDir();

    @Option(names = "--device", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String device = "auto";

    @Option(names = "--dtype", description = "Weights and activations: auto (f32 on the CPU, f16 on a GPU), f32 "
            + "or f16; a bf16 checkpoint is widened while loading (default: ${DEFAULT-VALUE}).")
    String dtype = "auto";

    @Option(names = "--max-tokens", description = "Most new tokens per answer (default: ${DEFAULT-VALUE}).")
    int maxTokens = 48;

    @Option(names = "--temperature", description = "0 for greedy (default: ${DEFAULT-VALUE}).")
    double temperature = 0;

    @Option(names = "--seed", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--history", description = "Keep earlier turns in the prompt (the demo model is trained "
            + "on single turns, so this is off by default).")
    boolean history;

    @Option(names = {"-p", "--prompt"}, description = "Answer these prompts and exit instead of reading stdin.")
    List<String> prompts;

    @Override
    public Integer call() throws Exception {
        Path dir = model != null ? model : DemoModels.ensureBuilt(modelsDir).resolve("aligned");
        PrintStream out = System.out;
        Device dev = DeviceChoice.parse(device).resolve();
        DataType type = DeviceChoice.parseDtype(dtype, dev);
        try (LoadedModel loaded = LoadedModel.load(dir, dev, type)) {
            out.printf("warden chat: %s (%s, %,d parameters, %s, %s). Empty line or Ctrl-D to quit.%n", dir,
                    loaded.config().architecture(), loaded.model().weights().parameterCount(), dev, type);
            List<ChatMessage> conversation = new ArrayList<>();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int next = 0;
            while (true) {
                String line;
                if (prompts != null) {
                    if (next >= prompts.size()) {
                        break;
                    }
                    line = prompts.get(next++);
                    out.println("you> " + line);
                } else {
                    out.print("you> ");
                    out.flush();
                    line = in.readLine();
                }
                if (line == null || line.isBlank()) {
                    break;
                }
                if (!history) {
                    conversation.clear();
                }
                conversation.add(new ChatMessage("user", line.trim()));
                GenerationResult result = answer(loaded, conversation, out);
                conversation.add(new ChatMessage("assistant", result.text()));
            }
        }
        return 0;
    }

    private GenerationResult answer(LoadedModel loaded, List<ChatMessage> conversation, PrintStream out) {
        long[] prompt = loaded.encodeChat(conversation);
        SamplingParams params = (temperature == 0 ? SamplingParams.greedy(maxTokens)
                : SamplingParams.sampled(maxTokens, temperature, seed)).withStopTokenIds(loaded.stopTokenIds());
        out.print("model> ");
        TokenListener printer = new TokenListener() {
            @Override
            public boolean onToken(int sequence, long tokenId, String textDelta, Logprobs logprobs) {
                out.print(textDelta);
                out.flush();
                return true;
            }

            @Override
            public void onFinish(int sequence, String textDelta, GenerationResult result) {
                out.print(textDelta);
            }
        };
        GenerationResult result = loaded.generator()
                .generate(List.of(new GenerationRequest(prompt, params)), printer).get(0);
        out.printf("%n      [%d tokens, %s]%n", result.completionTokens(),
                result.finishReason().name().toLowerCase());
        return result;
    }

    /** True when {@code dir} looks like a checkpoint (config and weights present). */
    static boolean isCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json"))
                && (Files.isRegularFile(dir.resolve("model.safetensors"))
                || Files.isRegularFile(dir.resolve("model.safetensors.index.json")));
    }
}
