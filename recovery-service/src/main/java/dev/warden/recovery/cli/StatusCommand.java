package dev.warden.recovery.cli;

import dev.warden.proto.v1.GetRepairResponse;
import picocli.CommandLine.Command;

/** {@code repair status ID}: one job's state, progress and, once done, where its results are. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a job.")
final class StatusCommand extends JobCommand {

    @Override
    public Integer call() throws Exception {
        ApiClient.Reply reply = connection.client().get("/v1/repairs/" + id);
        if (failed(reply)) {
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
