package dev.warden.benchmarks.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.warden.model.cli.WardenCli;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What one DJL call costs on this machine, at the sizes of one decode step of the 28M benchmark model
 * (hidden 512, MLP 1408, vocabulary 4096, one token): element-wise ops that allocate a result, the same in
 * place, views, projections of each size, and reading results back to Java. Each figure is the median over
 * rounds of the mean time of {@code --ops} calls (fewer for slow calls, about 100 ms a round), made inside an {@link NDScope} as the model makes them
 * (results closed at the end of each round). Guides the design of a decode step: every call has a fixed cost
 * (JNI, the PyTorch dispatcher, a Java object registered with its manager) that small tensors never amortise.
 *
 * <p>Run: {@code ./warden bench-ops}.
 */
@Command(name = "bench-ops", mixinStandardHelpOptions = true,
        description = "Microseconds per DJL call at the sizes of one decode step of the 28M model.")
public final class OpBenchmark implements Callable<Integer> {

    @Option(names = "--ops", description = "Calls per round (default: ${DEFAULT-VALUE}).")
    int ops = 2000;

    @Option(names = "--rounds", description = "Timed rounds after two warm-up rounds (default: ${DEFAULT-VALUE}).")
    int rounds = 7;

    @Override
    public Integer call() {
        Map<String, Function<Inputs, NDArray>> cases = new LinkedHashMap<>();
        cases.put("add [1,512] (new result)", in -> in.x.add(in.y));
        cases.put("add in place [1,512]", in -> in.acc.addi(in.y));
        cases.put("mul by a 0-d tensor [1,512]", in -> in.x.mul(in.scalar));
        cases.put("mul by a Java float [1,512]", in -> in.x.mul(0.5f));
        cases.put("reshape [1,512] -> [1,8,64] (view)", in -> in.x.reshape(1, 8, 64));
        cases.put("transpose [1,1,8,64] (view)", in -> in.x4.transpose(0, 2, 1, 3));
        cases.put("slice [1,1536] -> [1,512] (view)", in -> in.qkvOut.get(":, 0:512"));
        cases.put("split [1,1536] in 3 (one call)", in -> in.qkvOut.split(new long[] {512, 1024}, 1).get(0));
        cases.put("pad [1,512] -> [1,513]", in -> in.x.pad(new Shape(0, 1), 0.1));
        cases.put("normalize (L2) [1,513]", in -> in.x513.normalize(2, -1, 1e-12));
        cases.put("cache read: get [1,4,0:S,64] of [1,4,160,64]", in -> in.cache.get(in.used));
        cases.put("cache write: set [1,4,S,64] <- [1,4,1,64]", in -> {
            in.cache.set(in.pending, in.slot);
            return null;
        });
        cases.put("sigmoid [1,1408]", in -> ai.djl.nn.Activation.sigmoid(in.mlp));
        cases.put("mean over last axis [1,512]", in -> in.x.mean(new int[] {-1}, true));
        cases.put("softmax [1,4,2,160]", in -> in.scores.softmax(-1));
        cases.put("linear 512 -> 256 (k or v)", in -> Linear.linear(in.x, in.wKv).singletonOrThrow());
        cases.put("linear 512 -> 512 (q or o)", in -> Linear.linear(in.x, in.wQ).singletonOrThrow());
        cases.put("linear 512 -> 1024 (q+k+v fused)", in -> Linear.linear(in.x, in.wQkv).singletonOrThrow());
        cases.put("linear 512 -> 1408 (gate or up)", in -> Linear.linear(in.x, in.wGate).singletonOrThrow());
        cases.put("linear 512 -> 2816 (gate+up fused)", in -> Linear.linear(in.x, in.wGateUp).singletonOrThrow());
        cases.put("linear 1408 -> 512 (down)", in -> Linear.linear(in.mlp, in.wDown).singletonOrThrow());
        cases.put("linear 512 -> 4096 (LM head)", in -> Linear.linear(in.x, in.wHead).singletonOrThrow());
        cases.put("matMul [1,512] x [512,2816] (pre-transposed)", in -> in.x.matMul(in.wGateUpT));
        cases.put("matMul [1,512] x [2816,512]^T (transposed view)", in -> in.x.matMul(in.wGateUpView));
        cases.put("sum of 28M floats (112 MB read)", in -> in.big.sum());
        cases.put("the 33 projections of one decode step", in -> {
            for (NDArray[] layer : in.layers) {
                Linear.linear(in.x, layer[0]); // q+k+v
                Linear.linear(in.x, layer[1]); // o
                Linear.linear(in.x, layer[2]); // gate+up
                Linear.linear(in.mlp, layer[3]); // down
            }
            return Linear.linear(in.x, in.wHead).singletonOrThrow(); // LM head
        });
        cases.put("argMax [1,4096] + read 1 long", in -> {
            in.logits.argMax(-1).toLongArray();
            return null;
        });
        cases.put("read back [1,4096] floats", in -> {
            in.logits.toFloatArray();
            return null;
        });
        cases.put("create [1,1] long from Java", in -> in.manager.create(new long[] {7}, new Shape(1, 1)));
        System.out.printf(Locale.ROOT, "DJL call cost, us per call (median of %d rounds of %d calls), torch threads %s%n",
                rounds, ops, System.getProperty("ai.djl.pytorch.num_threads", "default"));
        try (NDManager root = NDManager.newBaseManager()) {
            Inputs in = new Inputs(root);
            for (Map.Entry<String, Function<Inputs, NDArray>> c : cases.entrySet()) {
                System.out.printf(Locale.ROOT, "%-40s %8.2f%n", c.getKey(), measure(in, c.getValue()));
            }
        }
        return 0;
    }

    private double measure(Inputs in, Function<Inputs, NDArray> op) {
        int calls;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                op.apply(in);
            }
            double each = (System.nanoTime() - start) / 5.0;
            calls = (int) Math.max(3, Math.min(ops, 100e6 / each)); // rounds of about 100 ms at most
        }
        double[] perCall = new double[rounds];
        for (int round = -2; round < rounds; round++) {
            long start;
            long end;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    op.apply(in);
                }
                end = System.nanoTime();
            }
            if (round >= 0) {
                perCall[round] = (end - start) / 1e3 / calls;
            }
        }
        Arrays.sort(perCall);
        return perCall[rounds / 2];
    }

    /** Inputs at the 28M model's sizes (values do not matter). */
    private static final class Inputs {
        final NDManager manager;
        final NDArray x;
        final NDArray y;
        final NDArray acc;
        final NDArray scalar;
        final NDArray x4;
        final NDArray qkvOut;
        final NDArray mlp;
        final NDArray scores;
        final NDArray logits;
        final NDArray x513;
        final NDArray cache;
        final NDArray slot;
        final ai.djl.ndarray.index.NDIndex used = new ai.djl.ndarray.index.NDIndex(":, :, 0:100");
        final ai.djl.ndarray.index.NDIndex pending = new ai.djl.ndarray.index.NDIndex(":, :, 100:101");
        final NDArray wQ;
        final NDArray wKv;
        final NDArray wQkv;
        final NDArray wGate;
        final NDArray wGateUp;
        final NDArray wDown;
        final NDArray wHead;
        final NDArray wGateUpT;
        final NDArray wGateUpView;
        final NDArray big;
        final NDArray[][] layers = new NDArray[8][]; // distinct weights: 111 MB, as in the model, not in cache

        Inputs(NDManager m) {
            manager = m;
            x = m.randomNormal(new Shape(1, 512));
            y = m.randomNormal(new Shape(1, 512));
            acc = m.zeros(new Shape(1, 512));
            scalar = m.create(0.5f);
            x4 = m.randomNormal(new Shape(1, 1, 8, 64));
            qkvOut = m.randomNormal(new Shape(1, 1536));
            mlp = m.randomNormal(new Shape(1, 1408));
            scores = m.randomNormal(new Shape(1, 4, 2, 160));
            logits = m.randomNormal(new Shape(1, 4096));
            x513 = m.randomNormal(new Shape(1, 513));
            cache = m.zeros(new Shape(1, 4, 160, 64));
            slot = m.randomNormal(new Shape(1, 4, 1, 64));
            wQ = m.randomNormal(new Shape(512, 512));
            wKv = m.randomNormal(new Shape(256, 512));
            wQkv = m.randomNormal(new Shape(1024, 512));
            wGate = m.randomNormal(new Shape(1408, 512));
            wGateUp = m.randomNormal(new Shape(2816, 512));
            wDown = m.randomNormal(new Shape(512, 1408));
            wHead = m.randomNormal(new Shape(4096, 512));
            wGateUpT = wGateUp.transpose().duplicate(); // [512, 2816] contiguous
            wGateUpView = wGateUp.transpose(); // [512, 2816] view of [2816, 512]
            big = m.ones(new Shape(28_000_000));
            for (int i = 0; i < layers.length; i++) {
                layers[i] = new NDArray[] {m.randomNormal(new Shape(1024, 512)), m.randomNormal(new Shape(512, 512)),
                    m.randomNormal(new Shape(2816, 512)), m.randomNormal(new Shape(512, 1408))};
            }
        }
    }

    /** Command-line entry point. */
    public static void main(String[] args) {
        System.exit(WardenCli.run(new CommandLine(new OpBenchmark()), args));
    }
}
