package dev.warden.recovery.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** A subcommand about one job: the connection options and the job id (picocli inherits the annotations). */
abstract class JobCommand implements Callable<Integer> {

    @ParentCommand
    RepairCli cli;

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "the job id")
    String id;

    /** True (the error printed) when {@code reply} is an error reply. */
    boolean failed(ApiClient.Reply reply) {
        if (reply.ok()) {
            return false;
        }
        JobOutput.error(cli.err, reply);
        return true;
    }
}
