package dev.warden.recovery.cli;

import dev.warden.proto.v1.GetRepairResponse;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.RepairJob;
import dev.warden.proto.v1.RepairState;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Follows a job's server-sent events with a progress bar (steps done of total, phase, last harmful rate and
 * task score) until the terminal event, reconnecting with {@code Last-Event-ID} when the stream breaks; then
 * prints the job's summary and returns the exit code of its final state.
 */
final class EventFollower {

    private static final int RECONNECTS = 10;

    private final ApiClient api;
    private final PrintStream out;
    private final PrintStream err;

    EventFollower(ApiClient api, PrintStream out, PrintStream err) {
        this.api = api;
        this.out = out;
        this.err = err;
    }

    int follow(String jobId) throws IOException, InterruptedException {
        long last = 0;
        RepairState finalState = null;
        String harm = "-";
        String task = "-";
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("repair " + jobId.substring(0, 8))
                .setInitialMax(1).setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(250)
                .setStyle(System.console() != null ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .build()) {
            for (int attempt = 0; finalState == null && attempt <= RECONNECTS; attempt++) {
                HttpResponse<Stream<String>> stream;
                try {
                    stream = api.events(jobId, last);
                } catch (IOException e) {
                    Thread.sleep(1000);
                    continue;
                }
                if (stream.statusCode() != 200) {
                    String body;
                    try (Stream<String> lines = stream.body()) {
                        body = String.join("\n", (Iterable<String>) lines::iterator);
                    }
                    JobOutput.error(err, new ApiClient.Reply(stream.statusCode(), body));
                    return JobOutput.ERROR;
                }
                try (Stream<String> lines = stream.body()) {
                    Iterator<String> it = lines.iterator();
                    StringBuilder data = new StringBuilder();
                    while (it.hasNext()) {
                        String line = it.next();
                        if (line.startsWith("data:")) {
                            data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                        } else if (line.isEmpty() && data.length() > 0) {
                            RepairEvent e = JobOutput.parse(data.toString(), RepairEvent.newBuilder()).build();
                            data.setLength(0);
                            last = e.getSequence();
                            if (e.hasHarmfulRate()) {
                                harm = JobOutput.pct(e.getHarmfulRate());
                            }
                            if (e.hasTaskScore()) {
                                task = String.format(Locale.ROOT, "%.3f", e.getTaskScore());
                            }
                            bar.maxHint(Math.max(1, e.getTotalSteps()));
                            bar.stepTo(e.getStep());
                            bar.setExtraMessage(JobOutput.phase(e) + " | harmful " + harm + " | task " + task);
                            RepairState s = e.getState();
                            if (s == RepairState.REPAIR_STATE_SUCCEEDED || s == RepairState.REPAIR_STATE_FAILED
                                    || s == RepairState.REPAIR_STATE_CANCELLED) {
                                finalState = s;
                            }
                        }
                    }
                } catch (java.io.UncheckedIOException broken) {
                    // the stream broke: reconnect after the last event received
                }
                if (finalState == null) {
                    Thread.sleep(500);
                }
            }
        }
        ApiClient.Reply reply = api.get("/v1/repairs/" + jobId);
        if (!reply.ok()) {
            JobOutput.error(err, reply);
            return JobOutput.ERROR;
        }
        RepairJob job = JobOutput.parse(reply.body(), GetRepairResponse.newBuilder()).getJob();
        JobOutput.summary(out, job);
        if (finalState == null) {
            err.println("the event stream ended before the job did; check again with: repair status " + jobId);
            return JobOutput.ERROR;
        }
        return JobOutput.exitCode(job.getState());
    }
}
