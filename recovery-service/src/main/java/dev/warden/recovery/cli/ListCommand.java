package dev.warden.recovery.cli;

import dev.warden.proto.v1.ListRepairsResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code repair list}: jobs, newest first, one page at a time. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    RepairCli cli;

    @Mixin
    Connection connection;

    @Option(names = "--state", description = "only jobs in this state (queued, running, succeeded, failed,"
            + " cancelled); repeatable")
    List<String> states;

    @Option(names = "--page-size", description = "jobs per page (default 50, at most 500)")
    Integer pageSize;

    @Option(names = "--page-token", description = "the next-page token a previous list printed")
    String pageToken;

    @Override
    public Integer call() throws Exception {
        StringBuilder query = new StringBuilder("/v1/repairs?");
        if (pageSize != null) {
            query.append("page_size=").append(pageSize).append('&');
        }
        if (pageToken != null) {
            query.append("page_token=").append(URLEncoder.encode(pageToken, StandardCharsets.UTF_8)).append('&');
        }
        for (String s : states == null ? List.<String>of() : states) {
            query.append("state=").append(URLEncoder.encode(s, StandardCharsets.UTF_8)).append('&');
        }
        ApiClient.Reply reply = connection.client().get(query.substring(0, query.length() - 1));
        if (!reply.ok()) {
            JobOutput.error(cli.err, reply);
            return JobOutput.ERROR;
        }
        if (connection.json) {
            cli.out.println(reply.body());
            return JobOutput.OK;
        }
        ListRepairsResponse page = JobOutput.parse(reply.body(), ListRepairsResponse.newBuilder()).build();
        page.getJobsList().forEach(job -> JobOutput.line(cli.out, job));
        if (!page.getNextPageToken().isEmpty()) {
            cli.out.println("next page: --page-token " + page.getNextPageToken());
        }
        return JobOutput.OK;
    }
}
