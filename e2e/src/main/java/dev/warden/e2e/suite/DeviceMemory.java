package dev.warden.e2e.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The GPUs {@code nvidia-smi} lists, with their free and total memory, read before {@code ./warden serve} starts
 * anything so that a model too large for the chosen GPU is named at once ({@link ServePreflight}).
 *
 * <p>{@link #query()} runs {@value #COMMAND_LINE} with a {@link #TIMEOUT_SECONDS} s timeout; {@link #parse} reads its
 * output, one {@code index, free MiB, total MiB} line per GPU. The index is nvidia-smi's (PCI bus order); CUDA, and
 * so the service's {@code gpu:N}, numbers devices the same way when {@code CUDA_DEVICE_ORDER=PCI_BUS_ID} and no
 * {@code CUDA_VISIBLE_DEVICES} remaps them.
 *
 * @param gpus    the GPUs listed, in nvidia-smi's order; empty when none is
 * @param problem why no GPU is listed (nvidia-smi absent, failed, timed out, printed nothing readable); empty
 *                when {@code gpus} is not
 */
public record DeviceMemory(List<Gpu> gpus, String problem) {

    /**
     * Device memory a process takes for its CUDA context, cuBLAS/cuDNN workspaces and the caching allocator's slack
     * before any tensor of the model: an allowance, not a measurement (no GPU is reachable from this project's
     * machines; a few hundred MB is the usual figure for a CUDA 12 libtorch process). One per inference-service.
     */
    public static final long CUDA_CONTEXT_BYTES = 500L << 20;
    /** How long nvidia-smi may take before the check gives up on it. */
    public static final int TIMEOUT_SECONDS = 5;
    /** The query, for messages. */
    public static final String COMMAND_LINE =
            "nvidia-smi --query-gpu=index,memory.free,memory.total --format=csv,noheader,nounits";

    private static final Pattern LINE = Pattern.compile("\\s*(\\d{1,6})\\s*,\\s*(\\d{1,12})\\s*,\\s*(\\d{1,12})\\s*");
    private static final Pattern GPU_INDEX = Pattern.compile("gpu(?::(\\d+))?");

    /**
     * One GPU.
     *
     * @param index      nvidia-smi's index
     * @param freeBytes  memory not in use now
     * @param totalBytes the GPU's memory
     */
    public record Gpu(int index, long freeBytes, long totalBytes) {
    }

    /** A copy of {@code gpus}; {@code problem} is {@code ""} when there are GPUs. */
    public DeviceMemory {
        gpus = List.copyOf(gpus);
    }

    /**
     * Reads nvidia-smi's {@code index, memory.free, memory.total} lines (MiB, no units, no header). Lines that do not
     * have three whole numbers (a header, {@code [N/A]} for a GPU whose memory is not reported, a warning) are left
     * out.
     */
    public static DeviceMemory parse(String text) {
        List<Gpu> gpus = new ArrayList<>();
        String firstOther = null;
        for (String line : text.strip().split("\\R")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                gpus.add(new Gpu(Integer.parseInt(m.group(1)), mib(m.group(2)), mib(m.group(3))));
            } else if (firstOther == null && !line.isBlank()) {
                firstOther = line.strip();
            }
        }
        if (!gpus.isEmpty()) {
            return new DeviceMemory(gpus, "");
        }
        return new DeviceMemory(gpus, firstOther == null ? "nvidia-smi lists no GPU"
                : "nvidia-smi lists no GPU memory this check can read ('" + firstOther + "')");
    }

    /** Runs nvidia-smi on this machine; never throws (a missing or failing nvidia-smi is a {@link #problem}). */
    public static DeviceMemory query() {
        Process p;
        try {
            p = new ProcessBuilder(COMMAND_LINE.split(" ")).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new DeviceMemory(List.of(), "nvidia-smi is not installed (no NVIDIA driver on this machine?)");
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new DeviceMemory(List.of(), "nvidia-smi did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                return new DeviceMemory(List.of(), "nvidia-smi failed (exit " + p.exitValue() + "): "
                        + out.strip().lines().findFirst().orElse("no output"));
            }
            return parse(out);
        } catch (IOException e) {
            return new DeviceMemory(List.of(), "cannot read nvidia-smi's output: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new DeviceMemory(List.of(), "interrupted while waiting for nvidia-smi");
        }
    }

    /**
     * The GPU a {@code --device} value puts the models on: {@code auto} the first listed (index 0 when listed), or
     * none when no GPU is (the CPU, as without this check); {@code gpu} GPU 0; {@code gpu:N} GPU N.
     *
     * @throws SuiteException for {@code gpu} / {@code gpu:N} when that GPU is not listed
     */
    public Optional<Gpu> choose(String device) {
        if (device.equals("auto")) {
            return gpus.stream().filter(g -> g.index() == 0).findFirst().or(() -> gpus.stream().findFirst());
        }
        Matcher m = GPU_INDEX.matcher(device);
        if (!m.matches()) {
            return Optional.empty();
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        if (gpus.isEmpty()) {
            throw new SuiteException("--device " + device + ": " + problem + " (" + COMMAND_LINE + "); serve on the"
                    + " CPU with --device cpu");
        }
        return Optional.of(gpus.stream().filter(g -> g.index() == index).findFirst().orElseThrow(
                () -> new SuiteException("--device " + device + ": nvidia-smi lists no GPU " + index + ", only "
                        + gpus.stream().map(g -> "gpu:" + g.index()).collect(Collectors.joining(", ")))));
    }

    /** {@code bytes} in GiB with one decimal, e.g. {@code 14.9 GiB}. */
    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static long mib(String digits) {
        return Long.parseLong(digits) << 20;
    }
}
