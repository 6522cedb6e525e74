package dev.warden.recovery.cli;

import dev.warden.proto.v1.CancelRepairResponse;
import dev.warden.proto.v1.RepairJob;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code repair cancel ID}: a queued job stops at once, a running one at its next step boundary. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job.")
final class CancelCommand implements Callable<Integer> {

    @ParentCommand
    RepairCli cli;

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "the job id")
    String id;

    @Override
    public Integer call() throws Exception {
        ApiClient.Reply reply = connection.client().delete("/v1/repairs/" + id);
        if (!reply.ok()) {
            JobOutput.error(cli.err, reply);
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
