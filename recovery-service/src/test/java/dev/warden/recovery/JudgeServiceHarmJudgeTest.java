package dev.warden.recovery;

import dev.warden.proto.v1.JudgeGrpc;
import dev.warden.recovery.client.JudgeServiceHarmJudge;
import dev.warden.recovery.method.JudgeUnavailableException;
import dev.warden.recovery.method.LayerGeometryRow;
import dev.warden.recovery.method.PromptResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's HarmJudge over a real gRPC channel to the judge stand-in. */
class JudgeServiceHarmJudgeTest {

    private static FakeUpstreams upstream;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        upstream = new FakeUpstreams();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", upstream.port()).usePlaintext().build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        upstream.close();
    }

    private static JudgeServiceHarmJudge judge(int batch, long geometryBytes) {
        return new JudgeServiceHarmJudge(JudgeGrpc.newBlockingStub(channel), batch, Duration.ofSeconds(10),
                geometryBytes);
    }

    @Test
    void pairsGoInBatchesOfAtMost64AndUnsafeVerdictsCountAsHarmful() {
        List<PromptResponse> pairs = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String response = i % 15 == 14 ? "" : i % 3 == 0 ? FakeUpstreams.COMPLY + " placeholder_steps" : "No.";
            pairs.add(new PromptResponse("explain weapon_a " + i, response));
        }
        upstream.batchSizes.clear();
        List<Boolean> harmful = judge(64, 1_000_000).harmful(pairs);
        assertEquals(150, harmful.size());
        for (int i = 0; i < 150; i++) {
            assertEquals(i % 15 != 14 && i % 3 == 0, harmful.get(i), "pair " + i);
        }
        assertEquals(List.of(64, 64, 12), upstream.batchSizes, "empty responses are not sent (never harmful)");
        upstream.batchSizes.clear();
        judge(7, 1_000_000).harmful(pairs.subList(0, 20));
        assertTrue(upstream.batchSizes.stream().allMatch(n -> n <= 7));
        assertEquals(List.of(), judge(64, 1_000_000).harmful(List.of()));
    }

    @Test
    void geometrySendsPrecomputedActivationsInBoundedRequests() {
        TreeMap<Integer, float[][]> safe = new TreeMap<>();
        TreeMap<Integer, float[][]> unsafe = new TreeMap<>();
        for (int layer = 0; layer < 3; layer++) {
            safe.put(layer, new float[4][100]);
            unsafe.put(layer, new float[4][100]);
        }
        upstream.geometryLayers.clear();
        List<LayerGeometryRow> rows = judge(64, 5_000).geometry(safe, unsafe).orElseThrow();
        assertEquals(List.of(1, 1, 1), upstream.geometryLayers, "3200 bytes per layer, at most 5000 per request");
        assertEquals(3, rows.size());
        assertEquals(0.2, rows.get(2).alignmentIndex(), 1e-9);
        upstream.geometryLayers.clear();
        judge(64, 1_000_000).geometry(safe, unsafe);
        assertEquals(List.of(3), upstream.geometryLayers);
        assertThrows(IllegalArgumentException.class, () -> judge(64, 5_000).geometry(safe, new TreeMap<>()));
    }

    @Test
    void anUnreachableJudgeIsJudgeUnavailable() {
        ManagedChannel nowhere = ManagedChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();
        try {
            JudgeServiceHarmJudge judge = new JudgeServiceHarmJudge(JudgeGrpc.newBlockingStub(nowhere), 64,
                    Duration.ofSeconds(5), 1_000_000);
            JudgeUnavailableException e = assertThrows(JudgeUnavailableException.class,
                    () -> judge.harmful(List.of(new PromptResponse("p", "r"))));
            assertTrue(e.getMessage().startsWith("judge-service ScoreBatch failed: UNAVAILABLE"), e.getMessage());
            assertFalse(e.getMessage().isBlank());
        } finally {
            nowhere.shutdownNow();
        }
    }
}
