package dev.warden.model.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.model.TestConfigs;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.generate.Detokenizer;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.LongStream;

/** The tiny model's vocabulary as text, prompts, and listeners that record or hold a stream. */
final class ServeFixtures {

    static final ModelConfig TINY = TestConfigs.tiny(); // V 50, context 64

    /** A toy vocabulary: ids 0-25 are one letter, 26-49 two letters, so strings can span tokens. */
    private static final String[] PIECES = new String[TINY.vocabSize()];

    static {
        for (int i = 0; i < PIECES.length; i++) {
            PIECES[i] = i < 26 ? String.valueOf((char) ('a' + i))
                    : "" + (char) ('A' + i - 26) + (char) ('a' + (i * 7) % 26);
        }
    }

    static final Detokenizer TOY = ids -> {
        StringBuilder s = new StringBuilder();
        for (long id : ids) {
            s.append(PIECES[(int) id]);
        }
        return s.toString();
    };

    private ServeFixtures() {
    }

    /** The text of one token. */
    static String piece(long id) {
        return PIECES[(int) id];
    }

    /** A prompt of {@code length} tokens, different for each salt. */
    static long[] prompt(int length, int salt) {
        return LongStream.range(0, length).map(i -> (i * 11 + salt * 7L + 3) % TINY.vocabSize()).toArray();
    }

    /** Waits for a result (at most 20 s). */
    static GenerationResult await(GenerationHandle handle) {
        try {
            return handle.result().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("request " + handle.id() + " failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("request " + handle.id() + " did not finish", e);
        }
    }

    /** Waits for a request to fail and returns why. */
    static Throwable awaitFailure(GenerationHandle handle) {
        try {
            GenerationResult r = handle.result().toCompletableFuture().get(20, TimeUnit.SECONDS);
            throw new AssertionError("request " + handle.id() + " succeeded: " + r);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("request " + handle.id() + " did not finish", e);
        }
    }

    /**
     * Records one request's stream: tokens, text, finishes and the threads that called. {@code onTokenCount}
     * runs after the n-th token (1-based) was recorded.
     */
    static class Recorder implements StreamListener {
        final List<Long> tokens = new CopyOnWriteArrayList<>();
        final StringBuilder text = new StringBuilder();
        final AtomicInteger finishes = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        final List<Long> stopTokens = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch finished = new CountDownLatch(1);
        volatile GenerationResult finalResult;
        private final IntConsumer onTokenCount;

        Recorder() {
            this(n -> { });
        }

        Recorder(IntConsumer onTokenCount) {
            this.onTokenCount = onTokenCount;
        }

        @Override
        public void onStart() {
            assertEquals(0, tokens.size(), "start after a token");
            starts.incrementAndGet();
        }

        @Override
        public void onStopToken(long tokenId) {
            assertEquals(0, finishes.get(), "stop token after finish");
            stopTokens.add(tokenId);
        }

        @Override
        public boolean onToken(long tokenId, String textDelta, Logprobs logprobs) {
            threads.add(Thread.currentThread().getName());
            assertEquals(0, finishes.get(), "token after finish");
            assertEquals(1, starts.get(), "token before start");
            tokens.add(tokenId);
            synchronized (text) {
                text.append(textDelta);
            }
            onTokenCount.accept(tokens.size());
            return true;
        }

        @Override
        public void onFinish(String textDelta, GenerationResult result) {
            threads.add(Thread.currentThread().getName());
            synchronized (text) {
                text.append(textDelta);
            }
            finalResult = result;
            finishes.incrementAndGet();
            finished.countDown();
        }

        /** The stream adds up to {@code result}, finished once. */
        void assertConsistentWith(GenerationResult result) {
            assertEquals(1, finishes.get(), "finishes");
            assertEquals(result.completionTokens() > 0 ? 1 : starts.get(), starts.get(), "started once if it sampled");
            assertTrue(starts.get() <= 1, "starts");
            assertEquals(result, finalResult);
            synchronized (text) {
                assertEquals(result.text(), text.toString(), "streamed text");
            }
            assertArrayEquals(result.tokenIds(), tokens.stream().mapToLong(Long::longValue).toArray(),
                    "streamed tokens");
            assertTrue(threads.stream().allMatch(t -> t.startsWith("warden-decode-")), "listener threads " + threads);
        }
    }

    /** A recorder that holds the worker thread at its first token until {@link #open()}. */
    static final class Gate extends Recorder {
        final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);
        volatile Thread worker;

        @Override
        public boolean onToken(long tokenId, String textDelta, Logprobs logprobs) {
            boolean goOn = super.onToken(tokenId, textDelta, logprobs);
            if (tokens.size() == 1) {
                worker = Thread.currentThread();
                reached.countDown();
                try {
                    assertTrue(open.await(20, TimeUnit.SECONDS), "gate never opened");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return goOn;
        }

        /** Waits until the worker is held here. */
        void awaitReached() throws InterruptedException {
            assertTrue(reached.await(20, TimeUnit.SECONDS), "gate never reached");
        }

        void open() {
            open.countDown();
        }
    }
}
