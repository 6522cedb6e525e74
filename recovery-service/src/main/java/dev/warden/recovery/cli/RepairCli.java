package dev.warden.recovery.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code repair}: the command line of recovery-service's REST API ({@code ./warden repair ...}). Submit a
 * repair and follow it with a progress bar, or check, list, cancel and watch jobs. Exit codes: 0 success,
 * 1 an error (bad usage, an error reply, the service unreachable), 2 the job failed, 3 it was cancelled.
 */
@Command(name = "repair", mixinStandardHelpOptions = true, version = "warden repair 0.1",
        description = "Repairs fine-tuned checkpoints that lost their safety alignment (recovery-service).",
        subcommands = {SubmitCommand.class, StatusCommand.class, ListCommand.class, CancelCommand.class,
                WatchCommand.class})
public final class RepairCli implements Runnable {

    final PrintStream out;
    final PrintStream err;

    RepairCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    /** Runs the command line {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new RepairCli(out, err));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, line) -> { // usage errors exit 1 (2 means the job failed)
            err.println("error: " + e.getMessage());
            e.getCommandLine().usage(err);
            return JobOutput.ERROR;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return JobOutput.ERROR;
        });
        return cli.execute(args);
    }

    /** The entry point. */
    public static void main(String[] args) {
        // the Quarkus app's class path carries JBoss LogManager; name it before the JDK's HTTP client logs
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.exit(execute(args, System.out, System.err));
    }
}
