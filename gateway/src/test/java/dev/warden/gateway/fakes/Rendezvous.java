package dev.warden.gateway.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds a call of one fake upstream until a call of the other has arrived for the same key (the
 * {@code [RENDEZVOUS:key]} marker of {@link Script}), then answers both: a request whose rails called the
 * judge and inference Score one after the other (instead of in parallel) never completes the pair, and each
 * held call fails with UNAVAILABLE after {@value #TIMEOUT_SECONDS} s. Thread-safe.
 */
public final class Rendezvous {

    /** How long a call waits for its partner. */
    public static final int TIMEOUT_SECONDS = 5;

    private final ScheduledExecutorService timer;
    private final Map<String, Runnable> waiting = new HashMap<>();
    private int met;

    /** A rendezvous whose timeouts run on {@code timer}. */
    public Rendezvous(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Pairs of calls that met. */
    public synchronized int met() {
        return met;
    }

    /**
     * Arrives at {@code key}: when the partner is waiting, runs its answer and {@code answer}; otherwise holds
     * {@code answer} until the partner arrives, or runs {@code timeout} after {@value #TIMEOUT_SECONDS} s.
     */
    void meet(String key, Runnable answer, Runnable timeout) {
        Runnable partner;
        synchronized (this) {
            partner = waiting.remove(key);
            if (partner == null) {
                waiting.put(key, answer);
            } else {
                met++;
            }
        }
        if (partner != null) {
            partner.run();
            answer.run();
            return;
        }
        timer.schedule(() -> {
            boolean mine;
            synchronized (this) {
                mine = waiting.remove(key, answer);
            }
            if (mine) {
                timeout.run();
            }
        }, TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
