package dev.warden.benchmarks.recovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples this process's resident memory (anonymous and file-backed) from /proc/self/status. */
final class MemorySampler {

    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakAnon;
    private volatile long peakFile;
    private volatile long peakTotal;

    private MemorySampler() {
        this.thread = new Thread(this::loop, "memory-sampler");
        this.thread.setDaemon(true);
    }

    static MemorySampler start() {
        MemorySampler s = new MemorySampler();
        s.thread.start();
        return s;
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long[] now = read();
        peakAnon = Math.max(peakAnon, now[0]);
        peakFile = Math.max(peakFile, now[1]);
        peakTotal = Math.max(peakTotal, now[0] + now[1]);
    }

    void stop() throws InterruptedException {
        sample();
        running = false;
        thread.join();
    }

    long peakAnon() {
        return peakAnon;
    }

    long peakFile() {
        return peakFile;
    }

    long peakTotal() {
        return peakTotal;
    }

    /** {RssAnon, RssFile + RssShmem} in bytes. */
    static long[] read() {
        long anon = 0;
        long file = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("RssAnon:")) {
                    anon = kb(line);
                } else if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
                    file += kb(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        return new long[] {anon, file};
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }
}
