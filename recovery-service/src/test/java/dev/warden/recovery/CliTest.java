package dev.warden.recovery;

import dev.warden.recovery.cli.RepairCli;
import dev.warden.recovery.method.RepairFailedException;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code repair} command line against the running service: exit codes, progress, where the results are. */
@QuarkusTest
class CliTest extends RecoveryTestSupport {

    /** Output of one run. */
    private record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (args.length > 0 && !args[0].equals("--help")) {
            all.addAll(List.of("--url", base(), "--token", RecoveryTestResource.TOKEN));
        }
        return cliRaw(all.toArray(new String[0]));
    }

    private static Run cliRaw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RepairCli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String jobId(Run r) {
        Matcher m = Pattern.compile("(?:submitted|existing) job ([0-9a-z]{26})").matcher(r.out());
        assertTrue(m.find(), r.out() + r.err());
        return m.group(1);
    }

    @Test
    void submitFollowsTheJobAndPrintsWhereTheResultsAre() throws Exception {
        String output = uniqueOutput("cli");
        Run r = cli("submit", "--aligned", Fixtures.ALIGNED, "--fine-tuned", Fixtures.FINE_TUNED, "--steps", "4",
                "--warmup-steps", "1", "--save-interval", "2", "--task-metric", "rouge1", "--probes", Fixtures.PROBES,
                "--output", output);
        assertEquals(0, r.code(), r.out() + r.err());
        String id = jobId(r);
        assertTrue(r.out().contains("repair " + id + " SUCCEEDED"), r.out());
        Path checkpoint = RecoveryTestResource.modelRoot().toRealPath().resolve("repairs").resolve(output);
        assertTrue(r.out().contains("repaired checkpoint: " + checkpoint), r.out());
        assertTrue(r.out().contains("report (HTML):       " + checkpoint.resolve("report.html")), r.out());
        assertTrue(Files.exists(checkpoint.resolve("report.html")));
        assertTrue(r.err().contains("4/4"), "the progress bar reached the last step: " + r.err());
        assertEquals("TASK_METRIC_ROUGE1", job(id).path("spec").path("options").path("task_metric").asText());

        Run status = cli("status", id);
        assertEquals(0, status.code());
        assertTrue(status.out().contains("SUCCEEDED") && status.out().contains("attempts 1"), status.out());
        Run list = cli("list", "--state", "succeeded", "--page-size", "500");
        assertEquals(0, list.code());
        assertTrue(list.out().contains(id + "  SUCCEEDED"), list.out());
        Run cancel = cli("cancel", id);
        assertEquals(1, cancel.code());
        assertTrue(cancel.err().contains("HTTP 409") && cancel.err().contains("job_finished"), cancel.err());
    }

    @Test
    void exitCodesFollowTheJobsEnd() throws Exception {
        String failing = uniqueOutput("cli-fail");
        runner.script(failing).failAt(1, () -> new RepairFailedException("placeholder failure"));
        Run failed = cli("submit", "--aligned", Fixtures.ALIGNED, "--fine-tuned", Fixtures.FINE_TUNED, "--steps", "2",
                "--warmup-steps", "1", "--output", failing);
        assertEquals(2, failed.code(), failed.out() + failed.err());
        assertTrue(failed.out().contains("failure:    placeholder failure"), failed.out());

        String gated = uniqueOutput("cli-cancel");
        ScriptedRunner.Script gate = runner.script(gated).gateAfter(1);
        try {
            Run queued = cli("submit", "--aligned", Fixtures.ALIGNED, "--lora", Fixtures.LORA, "--steps", "3",
                    "--warmup-steps", "1", "--output", gated, "--no-follow");
            assertEquals(0, queued.code(), queued.err());
            String id = jobId(queued);
            assertTrue(gate.awaitGate(30));
            Run cancel = cli("cancel", id);
            assertEquals(0, cancel.code(), cancel.err());
            assertTrue(cancel.out().contains("cancel requested"), cancel.out());
            gate.release();
            Run watch = cli("watch", id);
            assertEquals(3, watch.code(), watch.out() + watch.err());
            assertTrue(watch.out().contains("CANCELLED"), watch.out());
        } finally {
            gate.release();
        }
    }

    @Test
    void errorsExitWithOne() {
        Run wrongToken = cliRaw("status", "0000000000aaaaaaaaaaaaaaaa", "--url", base(), "--token", "nope");
        assertEquals(1, wrongToken.code());
        assertTrue(wrongToken.err().contains("HTTP 401") && wrongToken.err().contains("unauthenticated"),
                wrongToken.err());
        Run invalid = cli("submit", "--aligned", "../outside", "--fine-tuned", Fixtures.FINE_TUNED);
        assertEquals(1, invalid.code());
        assertTrue(invalid.err().contains("spec.aligned_path"), invalid.err());
        Run usage = cliRaw("submit", "--fine-tuned", "x");
        assertEquals(1, usage.code());
        assertTrue(usage.err().contains("--aligned"), usage.err());
        Run unreachable = cliRaw("list", "--url", "http://127.0.0.1:1", "--token", "x");
        assertEquals(1, unreachable.code());
        assertTrue(unreachable.err().startsWith("error:"), unreachable.err());
    }
}
