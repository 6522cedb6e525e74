package dev.warden.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard queries the metrics the services really export, and covers what an operator watches. */
class DashboardTest {

    @Test
    void theDashboardShipsInAConfigMapTheGrafanaSidecarFinds() {
        JsonNode cm = Manifests.of("overlays/cpu").ofKind("ConfigMap").stream()
                .filter(c -> c.at("/metadata/labels").has("grafana_dashboard")).findFirst().orElseThrow();
        assertEquals("warden-grafana-dashboard", Manifests.name(cm), "a stable name, no hash suffix");
        Dashboard d = Dashboard.of(Manifests.of("overlays/cpu"));
        assertEquals("warden-overview", d.json().path("uid").asText());
        assertTrue(d.queries().size() >= 10, d.queries().keySet().toString());
    }

    @Test
    void everyQueriedSeriesIsExportedByAService() {
        Dashboard d = Dashboard.of(Manifests.of("overlays/gpu"));
        assertEquals(List.of(), d.unknownMetrics(Dashboard.exportedSeries()));
    }

    @Test
    void itShowsTrafficGuardDecisionsOverheadFirstTokenThroughputAndRepairs() {
        Set<String> used = new TreeSet<>();
        Dashboard.of(Manifests.of("base")).queries().values().forEach(l -> l.forEach(e -> used.addAll(Dashboard.metrics(e))));
        assertTrue(used.containsAll(Set.of(
                "warden_gateway_requests_total",                      // traffic by outcome
                "warden_gateway_rail_decisions_total",                // guard decisions by category
                "warden_judge_scores_total",
                "warden_gateway_overhead_seconds_bucket",             // overhead
                "warden_gateway_time_to_first_token_seconds_bucket",  // time to first token
                "warden_inference_time_to_first_token_seconds_bucket",
                "warden_inference_generation_tokens_total",           // tokens/s
                "warden_recovery_jobs",                               // repair jobs
                "warden_recovery_step_duration_seconds_sum",
                "warden_recovery_restored_weights_total")), used.toString());
    }

    @Test
    void aMisnamedSeriesIsCaught() {
        Dashboard d = Dashboard.parse("""
                {"panels": [{"title": "t", "targets": [
                  {"expr": "sum(rate(warden_gateway_requests_seconds_bucket[5m]))"},
                  {"expr": "histogram_quantile(0.5, rate(warden_judge_scores_total[5m]))"},
                  {"expr": "warden_recovery_jobs_total"}]}]}
                """);
        List<String> unknown = d.unknownMetrics(Dashboard.exportedSeries());
        assertEquals(2, unknown.size(), unknown.toString());
        assertTrue(unknown.get(0).contains("warden_gateway_requests_seconds_bucket"));
        assertTrue(unknown.get(1).contains("warden_recovery_jobs_total"));
    }

    @Test
    void theMeterCatalogReadsTypesAndHistogramsFromTheSources() {
        Map<String, MeterCatalog.Meter> gateway = MeterCatalog.of(ServiceModule.of("gateway"));
        assertEquals(MeterCatalog.Type.COUNTER, gateway.get("warden.gateway.requests").type());
        assertEquals(Set.of("warden_gateway_overhead_seconds_count", "warden_gateway_overhead_seconds_sum",
                "warden_gateway_overhead_seconds_max", "warden_gateway_overhead_seconds_bucket"),
                gateway.get("warden.gateway.overhead").series());
        Map<String, MeterCatalog.Meter> inference = MeterCatalog.of(ServiceModule.of("inference"));
        assertEquals(MeterCatalog.Type.GAUGE, inference.get("warden.inference.requests.running").type());
        assertEquals(MeterCatalog.Type.SUMMARY, inference.get("warden.inference.decode.batch.size").type());
        assertTrue(inference.get("warden.inference.time.to.first.token").histogram());
        Map<String, MeterCatalog.Meter> judge = MeterCatalog.of(ServiceModule.of("judge"));
        assertEquals(Set.of("warden.judge.latency", "warden.judge.reasoning.flagged", "warden.judge.scores",
                "warden.judge.tier.latency"), judge.keySet());
        Map<String, MeterCatalog.Meter> sample = MeterCatalog.parse(List.of("""
                import io.micrometer.core.instrument.*;
                class M {
                    static final String JOBS = "warden.x.jobs";
                    void f(MeterRegistry r) {
                        Gauge.builder(JOBS, this, m -> 1).register(r);
                        plain("warden.x.step");
                        // Counter.builder("warden.x.commented").register(r);
                        r.counter("warden.x.events");
                    }
                    private Timer plain(String name) { return Timer.builder(name).register(registry); }
                }
                """));
        assertEquals(Set.of("warden.x.jobs", "warden.x.step", "warden.x.events"), sample.keySet());
        assertEquals(Set.of("warden_x_step_seconds_count", "warden_x_step_seconds_sum", "warden_x_step_seconds_max"),
                sample.get("warden.x.step").series());
        assertEquals(Set.of("warden_x_events_total"), sample.get("warden.x.events").series());
    }
}
