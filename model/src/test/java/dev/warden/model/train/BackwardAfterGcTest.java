package dev.warden.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.warden.model.TestConfigs;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression test: DJL's {@code x.mul(number)} wraps the number in a tensor backed by a Java direct buffer
 * and closes it at once; if autograd saved that tensor for the backward pass, a garbage collection between
 * forward and backward frees the buffer and the backward reads reused memory. The forward pass must not
 * leave such tensors in the graph: gradients must not change when the heap is collected and the freed
 * memory reused before backward.
 */
class BackwardAfterGcTest {

    private static Map<String, float[]> gradients(LlamaModel model, Batch batch, boolean churn) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope(); NDManager m = model.newManager()) {
            scope.suppressNotUsedWarning();
            BatchArrays a = batch.upload(m);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                ForwardOutput o = model.forward(a.tokens(), a.positions(), a.validity(), null, ForwardOptions.allLogits());
                NDArray loss = MaskedCrossEntropy.loss(o.logits(), a.tokens(), a.lossMask());
                if (churn) {
                    churnNativeMemory();
                }
                c.backward(loss);
            }
            model.weights().byName().forEach((name, p) -> out.put(name, p.getGradient().toFloatArray()));
            Gradients.zero(model.weights().byName());
        }
        return out;
    }

    /** Collects garbage (running cleaners of unreachable direct buffers), then reuses small native chunks. */
    private static void churnNativeMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ByteBuffer> hold = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 4) * 4);
            while (b.hasRemaining()) {
                b.put((byte) 0x7f);
            }
            hold.add(b);
        }
        hold.clear();
    }

    @Test
    void gradientsDoNotDependOnGarbageCollectionBetweenForwardAndBackward() {
        try (NDManager root = NDManager.newBaseManager();
             LlamaModel model = new LlamaModel(LlamaWeights.random(TestConfigs.tiny(), 21, 0.2f, DataType.FLOAT32,
                     root.newSubManager()))) {
            model.weights().setRequiresGradient(true);
            List<Example> examples = List.of(new Example(new int[] {1, 7, 9, 4}, new int[] {9, 7, 2}),
                    new Example(new int[] {1, 11, 4}, new int[] {11, 2}));
            Batch batch = Batch.of(examples, Padding.RIGHT, 0);
            Map<String, float[]> clean = gradients(model, batch, false);
            for (int attempt = 0; attempt < 3; attempt++) {
                Map<String, float[]> churned = gradients(model, batch, true);
                clean.forEach((name, g) -> assertArrayEquals(g, churned.get(name), 1e-6f, name));
            }
        }
    }
}
