package dev.warden.recovery.method;

/** Asked at every step boundary whether the repair should stop. */
@FunctionalInterface
public interface CancellationCheck {

    /** True when cancellation was requested. */
    boolean cancelRequested();
}
