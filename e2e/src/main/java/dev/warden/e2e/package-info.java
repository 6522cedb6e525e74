/**
 * The whole Warden suite as local processes, and the story it plays.
 *
 * <ul>
 *   <li>{@link dev.warden.e2e.suite}: starts and stops Redis (when none runs) and the four packaged services
 *       (two inference-services: the aligned and the fine-tuned demo model side by side), waits for health,
 *       keeps pid files and logs in a run directory;</li>
 *   <li>{@link dev.warden.e2e.client}: small clients of the gateway (OpenAI API, admin API), recovery-service
 *       (REST and server-sent events) and the judge (gRPC BiasAudit);</li>
 *   <li>{@link dev.warden.e2e.story}: {@code DemoStory}, the story told with readable output, returning every
 *       number so that the end-to-end test can assert it;</li>
 *   <li>{@link dev.warden.e2e.cli}: {@code ./warden demo}, {@code up}, {@code down}, {@code status}.</li>
 * </ul>
 */
package dev.warden.e2e;
