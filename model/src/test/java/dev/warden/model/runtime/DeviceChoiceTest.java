package dev.warden.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

    @Test
    void autoPicksTheFirstGpuWhenPresentAndTheCpuOtherwise() {
        assertEquals(Device.gpu(0), DeviceChoice.parse("auto").resolve(2));
        assertEquals(Device.cpu(), DeviceChoice.parse("auto").resolve(0));
    }

    @Test
    void cpuIsCpuEvenWithGpus() {
        assertEquals(Device.cpu(), DeviceChoice.parse("CPU").resolve(4));
    }

    @Test
    void gpuIndexIsHonouredAndAMissingGpuFailsInsteadOfFallingBack() {
        assertEquals(Device.gpu(1), DeviceChoice.parse("gpu:1").resolve(2));
        assertEquals(Device.gpu(0), DeviceChoice.parse("cuda").resolve(1));
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> DeviceChoice.parse("gpu").resolve(0));
        assertTrue(e.getMessage().contains("sees 0 GPU"), e.getMessage());
        assertThrows(DeviceUnavailableException.class, () -> DeviceChoice.parse("gpu:2").resolve(2));
    }

    @Test
    void badChoicesAreRejectedWithTheAcceptedValues() {
        for (String bad : new String[] {"", "tpu", "gpu:-1", "gpu:x", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse(bad));
            assertTrue(e.getMessage().contains("auto, cpu, gpu"), e.getMessage());
        }
    }

    @Test
    void thisMachineResolvesAutoToTheCpu() {
        // CI and the development machines have no GPU: the engine must report none and auto must not fail.
        assertEquals(Device.cpu(), DeviceChoice.parse("auto").resolve());
    }

    @Test
    void dtypesDefaultPerDeviceAndBf16IsWidened() {
        assertEquals(DataType.FLOAT32, DeviceChoice.parseDtype("auto", Device.cpu()));
        assertEquals(DataType.FLOAT16, DeviceChoice.parseDtype("auto", Device.gpu(0)));
        assertEquals(DataType.FLOAT32, DeviceChoice.parseDtype("bf16", Device.gpu(0)));
        assertEquals(DataType.FLOAT16, DeviceChoice.parseDtype("f16", Device.cpu()));
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parseDtype("int8", Device.cpu()));
    }
}
