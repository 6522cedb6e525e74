package dev.warden.recovery.cli;

import dev.warden.proto.v1.GetRepairResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code repair status ID}: one job's state, progress and, once done, where its results are. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    RepairCli cli;

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "the job id")
    String id;

    @Override
    public Integer call() throws Exception {
        ApiClient.Reply reply = connection.client().get("/v1/repairs/" + id);
        if (!reply.ok()) {
            JobOutput.error(cli.err, reply);
            return JobOutput.ERROR;
        }
        if (connection.json) {
            cli.out.println(reply.body());
        } else {
            JobOutput.summary(cli.out, JobOutput.parse(reply.body(), GetRepairResponse.newBuilder()).getJob());
        }
        return JobOutput.OK;
    }
}
