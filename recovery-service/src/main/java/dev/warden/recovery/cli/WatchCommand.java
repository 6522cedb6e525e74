package dev.warden.recovery.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code repair watch ID}: follows a job with a progress bar to its end. */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Follow a job's progress to its end.")
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    RepairCli cli;

    @Mixin
    Connection connection;

    @Parameters(index = "0", description = "the job id")
    String id;

    @Override
    public Integer call() throws Exception {
        return new EventFollower(connection.client(), cli.out, cli.err).follow(id);
    }
}
