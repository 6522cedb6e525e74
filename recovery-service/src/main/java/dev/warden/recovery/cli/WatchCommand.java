package dev.warden.recovery.cli;

import picocli.CommandLine.Command;

/** {@code repair watch ID}: follows a job with a progress bar to its end. */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Follow a job's progress to its end.")
final class WatchCommand extends JobCommand {

    @Override
    public Integer call() throws Exception {
        return new EventFollower(connection.client(), cli.out, cli.err).follow(id);
    }
}
