package dev.warden.inference.model;

import ai.djl.ndarray.types.DataType;
import dev.warden.inference.error.CheckpointInvalidException;
import dev.warden.inference.error.LoadInProgressException;
import dev.warden.inference.error.ModelNotFoundException;
import dev.warden.inference.error.ModelUnavailableException;
import dev.warden.model.safetensors.DType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The swap and lease rules of {@link ModelManager}, with fake models (no tensors). */
class ModelManagerTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicInteger closed = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ServedModel fake(String name) {
        ModelDescription d = new ModelDescription(name,
                new ModelDescription.Source("LlamaForCausalLM", "llama", Path.of("/" + name), Instant.now()),
                new ModelDescription.Shape(2, 64, 4, 2, 125, 2048, 1000),
                new ModelDescription.Placement(DataType.FLOAT32, DType.F32, "cpu"),
                new ModelDescription.Tokens(true, OptionalLong.of(1), List.of(2L)));
        return new ServedModel(d, null, closed::incrementAndGet);
    }

    private ModelManager manager(CheckpointLoader loader) {
        return new ModelManager(loader, executor);
    }

    @Test
    void nothingServesBeforeTheFirstLoad() {
        ModelManager models = manager(spec -> fake("a"));
        ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> models.acquire(""));
        assertTrue(e.getMessage().contains("no model"), e.getMessage());
        assertThrows(ModelUnavailableException.class, models::require);
        assertFalse(models.isServing());
    }

    @Test
    void whileLoadingTheReasonSaysWhatIsLoadingAndASecondLoadIsAborted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ModelManager models = manager(spec -> {
            await(release);
            return fake(spec.path().getFileName().toString());
        });
        var first = models.load(LoadSpec.of(Path.of("/a")));
        assertTrue(assertThrows(ModelUnavailableException.class, () -> models.acquire("")).getMessage()
                .contains("loading /a"));
        LoadInProgressException aborted = assertThrows(LoadInProgressException.class,
                () -> models.load(LoadSpec.of(Path.of("/b"))));
        assertTrue(aborted.getMessage().contains("/a"));
        release.countDown();
        assertEquals("a", first.get(5, TimeUnit.SECONDS).model().name());
        assertEquals("a", models.require().name());
        assertEquals("b", models.load(LoadSpec.of(Path.of("/b"))).get(5, TimeUnit.SECONDS).model().name(),
                "the next load may start once the first is done");
    }

    @Test
    void aSwapFreesTheOldModelOnlyAfterItsLastLease() throws Exception {
        ServedModel a = fake("a");
        ServedModel b = fake("b");
        ModelManager models = manager(spec -> spec.path().toString().equals("/a") ? a : b);
        models.load(LoadSpec.of(Path.of("/a"))).get(5, TimeUnit.SECONDS);
        ModelLease first = models.acquire("");
        ModelLease second = models.acquire("a");

        LoadOutcome outcome = models.load(LoadSpec.of(Path.of("/b"))).get(5, TimeUnit.SECONDS);
        assertEquals("a", outcome.previous().orElseThrow().name());
        assertEquals("b", models.acquire("").name(), "new requests get the new model");
        assertFalse(a.isClosed(), "two requests still hold a");
        first.close();
        first.close(); // twice is harmless
        assertFalse(a.isClosed());
        second.close();
        assertTrue(a.isClosed());
        assertEquals(1, closed.get(), "freed exactly once");
        assertFalse(a.tryRetain(), "a freed model cannot be taken again");
    }

    @Test
    void aFailedLoadKeepsTheOldModel() throws Exception {
        ModelManager models = manager(spec -> {
            if (spec.path().toString().equals("/bad")) {
                throw new CheckpointInvalidException(spec.path(), "no config.json");
            }
            return fake("a");
        });
        models.load(LoadSpec.of(Path.of("/a"))).get(5, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> models.load(LoadSpec.of(Path.of("/bad"))).get(5, TimeUnit.SECONDS));
        assertInstanceOf(CheckpointInvalidException.class, e.getCause());
        assertEquals("a", models.require().name());
    }

    @Test
    void anotherNameIsNotFoundAndClosingStopsServing() throws Exception {
        ServedModel a = fake("a");
        ModelManager models = manager(spec -> a);
        models.load(LoadSpec.of(Path.of("/a"))).get(5, TimeUnit.SECONDS);
        assertThrows(ModelNotFoundException.class, () -> models.acquire("b"));
        ModelLease lease = models.acquire("");
        models.close();
        assertThrows(ModelUnavailableException.class, () -> models.acquire(""));
        assertFalse(a.isClosed(), "the request in flight keeps it");
        lease.close();
        assertTrue(a.isClosed());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
