package dev.warden.recovery.method;

/** Receives a repair's progress events, on the worker thread that runs it, in order. */
@FunctionalInterface
public interface RepairListener {

    /** One event; must not block for long (the repair waits for it). */
    void onProgress(RepairProgress progress);
}
