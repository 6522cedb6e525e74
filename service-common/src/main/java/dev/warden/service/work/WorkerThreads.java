package dev.warden.service.work;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names a service's own threads {@code warden-<pool>-<n>}, so thread dumps and tests can tell them apart. */
public final class WorkerThreads {

    /** The prefix of every thread the service creates for tensor work. */
    public static final String PREFIX = "warden-";

    private WorkerThreads() {
    }

    /** Daemon threads named {@code warden-<pool>-1, -2, ...}. */
    public static ThreadFactory factory(String pool) {
        AtomicInteger next = new AtomicInteger(1);
        return work -> {
            Thread t = new Thread(work, PREFIX + pool + "-" + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
