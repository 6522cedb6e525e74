package dev.warden.recovery.cli;

import dev.warden.proto.v1.CancelRepairResponse;
import dev.warden.proto.v1.RepairJob;
import picocli.CommandLine.Command;

/** {@code repair cancel ID}: a queued job stops at once, a running one at its next step boundary. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job.")
final class CancelCommand extends JobCommand {

    @Override
    public Integer call() throws Exception {
        ApiClient.Reply reply = connection.client().delete("/v1/repairs/" + id);
        if (failed(reply)) {
            return JobOutput.ERROR;
        }
        if (connection.json) {
            cli.out.println(reply.body());
            return JobOutput.OK;
        }
        RepairJob job = JobOutput.parse(reply.body(), CancelRepairResponse.newBuilder()).getJob();
        cli.out.println("repair " + id + " " + JobOutput.state(job.getState())
                + (job.getCancelRequested() ? " (cancel requested: it stops at the next step boundary)" : ""));
        return JobOutput.OK;
    }
}
