package dev.warden.recovery.job;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How workers take and run jobs (from {@code warden.recovery.*}).
 *
 * @param claimMinIdle  how long a silent holder keeps a job before another worker takes it over
 * @param claimRefresh  how often a running worker refreshes its claim
 * @param block         how long one read of the queue waits
 * @param maxAttempts   most starts of one job
 * @param workRoot      parent of the jobs' work directories
 * @param keepWorkDirs  whether work directories outlive their jobs
 */
public record WorkerSettings(Duration claimMinIdle, Duration claimRefresh, Duration block, int maxAttempts,
                             Path workRoot, boolean keepWorkDirs) {
}
