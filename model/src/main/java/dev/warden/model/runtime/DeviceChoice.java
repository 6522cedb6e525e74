package dev.warden.model.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * Where a model runs: {@code auto} (the first GPU when one is present, else the CPU), {@code cpu}, or
 * {@code gpu} / {@code gpu:N} (fails when that GPU is absent instead of silently falling back to a CPU that
 * would be 50x slower). The same model code runs on either; only the device of the weights differs.
 *
 * <p>On a GPU the PyTorch engine needs CUDA natives in DJL's cache (see the README, "GPU").
 */
public record DeviceChoice(Kind kind, int gpuIndex) {

    /** The three ways to choose. */
    public enum Kind { AUTO, CPU, GPU }

    /**
     * Parses {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N} (case-insensitive).
     *
     * @throws IllegalArgumentException for anything else, naming the accepted values
     */
    public static DeviceChoice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto":
                return new DeviceChoice(Kind.AUTO, 0);
            case "cpu":
                return new DeviceChoice(Kind.CPU, 0);
            case "gpu":
            case "cuda":
                return new DeviceChoice(Kind.GPU, 0);
            default:
                if (t.startsWith("gpu:") || t.startsWith("cuda:")) {
                    try {
                        int index = Integer.parseInt(t.substring(t.indexOf(':') + 1));
                        if (index >= 0) {
                            return new DeviceChoice(Kind.GPU, index);
                        }
                    } catch (NumberFormatException e) {
                        // fall through to the error below
                    }
                }
                throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N; got '" + text + "'");
        }
    }

    /**
     * Resolves the choice against the number of GPUs the engine sees.
     *
     * @throws DeviceUnavailableException when a GPU is required and absent
     */
    public Device resolve(int gpuCount) {
        return switch (kind) {
            case CPU -> Device.cpu();
            case AUTO -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                if (gpuIndex >= gpuCount) {
                    throw new DeviceUnavailableException("device gpu:" + gpuIndex + " requested but the PyTorch "
                            + "engine sees " + gpuCount + " GPU(s); use device=cpu or auto, or install the CUDA "
                            + "natives (README, GPU)");
                }
                yield Device.gpu(gpuIndex);
            }
        };
    }

    /** Resolves the choice against the GPUs of the default engine on this machine. */
    public Device resolve() {
        return resolve(Engine.getInstance().getGpuCount());
    }

    /**
     * The dtype weights get on {@code device} when none is configured: f32 on the CPU (PyTorch's CPU
     * half-precision kernels are slow), f16 on a GPU. Never bf16 (it crashes DJL, see BUILD-NOTES).
     */
    public static DataType defaultDtype(Device device) {
        return device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    }

    /**
     * Parses a configured dtype: {@code auto}, {@code f32}/{@code float32}, {@code f16}/{@code float16}.
     * {@code bf16} is accepted and widened to f32, since bf16 cannot be handed to DJL.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static DataType parseDtype(String text, Device device) {
        String t = text == null ? "auto" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto", "" -> defaultDtype(device);
            case "f32", "float32", "fp32", "bf16", "bfloat16" -> DataType.FLOAT32;
            case "f16", "float16", "fp16", "half" -> DataType.FLOAT16;
            default -> throw new IllegalArgumentException("dtype must be auto, f32 or f16 (bf16 is widened to f32);"
                    + " got '" + text + "'");
        };
    }
}
