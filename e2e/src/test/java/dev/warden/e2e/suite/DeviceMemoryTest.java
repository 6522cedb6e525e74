package dev.warden.e2e.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.e2e.suite.DeviceMemory.Gpu;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nvidia-smi's output read, and the GPU each {@code --device} value chooses. */
class DeviceMemoryTest {

    @Test
    void oneGpuIsReadInMib() {
        DeviceMemory m = DeviceMemory.parse("0, 23028, 24564\n");
        assertEquals(List.of(new Gpu(0, 23028L << 20, 24564L << 20)), m.gpus());
        assertEquals("", m.problem());
    }

    @Test
    void severalGpusKeepTheirIndexesAndOddSpacing() {
        DeviceMemory m = DeviceMemory.parse("0, 80000, 81559\r\n  1 ,1024,81559  \n\n3, 0, 16384");
        assertEquals(List.of(new Gpu(0, 80000L << 20, 81559L << 20), new Gpu(1, 1024L << 20, 81559L << 20),
                new Gpu(3, 0, 16384L << 20)), m.gpus());
    }

    @Test
    void unreadableLinesAreLeftOutAndNamedWhenNothingElseIsThere() {
        DeviceMemory mixed = DeviceMemory.parse("index, memory.free [MiB], memory.total [MiB]\n0, [N/A], [N/A]\n"
                + "1, 4096, 8192");
        assertEquals(List.of(new Gpu(1, 4096L << 20, 8192L << 20)), mixed.gpus());

        DeviceMemory garbage = DeviceMemory.parse("NVIDIA-SMI has failed because it couldn't communicate with the"
                + " NVIDIA driver.\n0, 12, 99999999999999999999");
        assertTrue(garbage.gpus().isEmpty());
        assertEquals("nvidia-smi lists no GPU memory this check can read ('NVIDIA-SMI has failed because it"
                + " couldn't communicate with the NVIDIA driver.')", garbage.problem());
    }

    @Test
    void emptyOutputListsNoGpu() {
        for (String text : List.of("", "  \n\n")) {
            DeviceMemory m = DeviceMemory.parse(text);
            assertTrue(m.gpus().isEmpty());
            assertEquals("nvidia-smi lists no GPU", m.problem());
        }
    }

    @Test
    void autoTakesGpuZeroOrTheCpu() {
        DeviceMemory two = DeviceMemory.parse("1, 10, 20\n0, 30, 40");
        assertEquals(Optional.of(new Gpu(0, 30L << 20, 40L << 20)), two.choose("auto"));
        assertEquals(Optional.empty(), DeviceMemory.parse("").choose("auto"));
        assertEquals(Optional.empty(), two.choose("cpu"));
    }

    @Test
    void gpuNTakesThatGpuOrNamesTheOnesListed() {
        DeviceMemory two = DeviceMemory.parse("0, 10, 20\n1, 30, 40");
        assertEquals(0, two.choose("gpu").orElseThrow().index());
        assertEquals(1, two.choose("gpu:1").orElseThrow().index());
        SuiteException e = assertThrows(SuiteException.class, () -> two.choose("gpu:3"));
        assertEquals("--device gpu:3: nvidia-smi lists no GPU 3, only gpu:0, gpu:1", e.getMessage());
    }

    @Test
    void aGpuDeviceWithoutAGpuIsAnErrorNamingWhy() {
        DeviceMemory none = new DeviceMemory(List.of(), "nvidia-smi is not installed (no NVIDIA driver on this"
                + " machine?)");
        SuiteException e = assertThrows(SuiteException.class, () -> none.choose("gpu"));
        assertEquals("--device gpu: nvidia-smi is not installed (no NVIDIA driver on this machine?) ("
                + DeviceMemory.COMMAND_LINE + "); serve on the CPU with --device cpu", e.getMessage());
    }

    @Test
    void queryingThisMachineListsGpusOrSaysWhyNot() {
        DeviceMemory m = DeviceMemory.query();
        assertTrue(m.gpus().isEmpty() != m.problem().isEmpty(), m.toString());
        assertFalse(m.gpus().stream().anyMatch(g -> g.freeBytes() > g.totalBytes()), m.toString());
    }

    @Test
    void gibHasOneDecimal() {
        assertEquals("14.9 GiB", DeviceMemory.gib(16_000_000_000L));
        assertEquals("0.5 GiB", DeviceMemory.gib(DeviceMemory.CUDA_CONTEXT_BYTES));
    }
}
