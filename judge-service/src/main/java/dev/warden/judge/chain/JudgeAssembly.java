package dev.warden.judge.chain;

import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.judge.client.InferenceClient;
import dev.warden.judge.guard.GuardTemplate;
import dev.warden.judge.rules.RuleScorer;
import dev.warden.judge.score.Judge;
import dev.warden.judge.score.ScoringChain;
import dev.warden.judge.score.ScoringTier;
import dev.warden.judge.tiers.ClassifierTier;
import dev.warden.judge.tiers.LlmJudgeTier;
import dev.warden.judge.tiers.PromptGuard;
import dev.warden.judge.tiers.RulesTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds the {@link Judge} from tier names: the one place the scoring chain is assembled, for judge-service
 * ({@code JudgeBeans}, from {@code warden.judge.*}) and for the judge run without a service (tools'
 * {@code LocalJudges}: evaluations, benchmarks). The names are {@value #RULES}, {@value #CLASSIFIER} and
 * {@value #LLM_JUDGE} (case and surrounding blanks ignored); whatever their order, {@link ScoringChain} runs the
 * tiers cheapest first. The rules also give every judgement its bias and refusal scorers. The shipped
 * classifier weights and guard model load only when the classifier tier is named.
 *
 * <pre>{@code
 * Judge judge = JudgeAssembly.of(List.of("rules", "classifier"), rules, 0.5f)
 *         .rulesDecideSafe(false)
 *         .guard("default", 0.8f)
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe; the judge it builds is.
 */
public final class JudgeAssembly {

    /** Tier 1's name: {@link RulesTier}. */
    public static final String RULES = "rules";
    /** Tier 2's name: {@link ClassifierTier}, reading prompts with the guard model too unless its point is off. */
    public static final String CLASSIFIER = "classifier";
    /** Tier 3's name: {@link LlmJudgeTier}, which needs {@link #llmJudge(InferenceClient, LlmJudgeSettings)}. */
    public static final String LLM_JUDGE = "llm-judge";

    /**
     * The LLM judge's settings ({@code warden.judge.llm-judge.*}).
     *
     * @param model        the guard model's name on inference-service; empty for its loaded model
     * @param templates    how many of the Llama Guard prompt templates to ask, from 1 to all of them
     * @param promptForm   how the guard prompt reaches the model
     * @param maxNewTokens most tokens of each guard answer
     * @param timeout      how long one guard call may take
     */
    public record LlmJudgeSettings(String model, int templates, LlmJudgeTier.PromptForm promptForm, int maxNewTokens,
                                   Duration timeout) {

        /** Checks the template count. */
        public LlmJudgeSettings {
            Objects.requireNonNull(model, "model");
            if (templates < 1 || templates > GuardTemplate.values().length) {
                throw new IllegalArgumentException("the LLM judge asks 1 to " + GuardTemplate.values().length
                        + " templates, got " + templates);
            }
        }
    }

    private final List<String> tierNames;
    private final RuleScorer rules;
    private final float threshold;
    private boolean rulesDecideSafe;
    private String guardPoint = PromptGuard.DEFAULT_POINT;
    private float guardWeight = Float.parseFloat(PromptGuard.DEFAULT_WEIGHT);
    private PromptGuard.BandEdge guardBandEdge = PromptGuard.BandEdge.ESCALATION;
    private InferenceClient inference;
    private LlmJudgeSettings llmJudge;

    private JudgeAssembly(List<String> tierNames, RuleScorer rules, float threshold) {
        this.tierNames = List.copyOf(tierNames);
        this.rules = Objects.requireNonNull(rules, "rules");
        this.threshold = threshold;
    }

    /**
     * An assembly of the tiers named in {@code tierNames} over {@code rules}, flagging at {@code threshold}. Until
     * set otherwise, the rules decide only unsafe texts and the classifier reads prompts with the guard model at
     * {@link PromptGuard#DEFAULT_POINT} and {@link PromptGuard#DEFAULT_WEIGHT}, unsure from its escalation edge.
     */
    public static JudgeAssembly of(List<String> tierNames, RuleScorer rules, float threshold) {
        return new JudgeAssembly(tierNames, rules, threshold);
    }

    /**
     * Whether the rules' sure-safe results end the chain ({@code warden.judge.rules.decides-safe}); false (the
     * default, {@link RulesTier#RulesTier(RuleScorer)}'s): a text the rules find harmless still goes on.
     */
    public JudgeAssembly rulesDecideSafe(boolean decideSafe) {
        this.rulesDecideSafe = decideSafe;
        return this;
    }

    /**
     * The guard model's reading of prompts in the classifier tier ({@link PromptGuard#at(String, float)}).
     *
     * @param point  {@code strict}, {@code default}, {@code lenient}, or {@code off} for the classifier alone
     * @param weight the guard model's weight in a prompt's score, in [0, 1]
     */
    public JudgeAssembly guard(String point, float weight) {
        this.guardPoint = Objects.requireNonNull(point, "point");
        this.guardWeight = weight;
        return this;
    }

    /**
     * Where the guard model's escalation band starts ({@code warden.judge.classifier.guard-band-edge}): from
     * there up to the lenient threshold a prompt is unsure and goes on to tier 3. Default
     * {@link PromptGuard.BandEdge#ESCALATION}.
     */
    public JudgeAssembly guardBandEdge(PromptGuard.BandEdge edge) {
        this.guardBandEdge = Objects.requireNonNull(edge, "edge");
        return this;
    }

    /** What tier {@value #LLM_JUDGE} asks, and how: required when that tier is named. */
    public JudgeAssembly llmJudge(InferenceClient inference, LlmJudgeSettings settings) {
        this.inference = Objects.requireNonNull(inference, "inference");
        this.llmJudge = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * The judge.
     *
     * @throws IllegalArgumentException for an unknown tier name, for {@value #LLM_JUDGE} without
     *                                  {@link #llmJudge(InferenceClient, LlmJudgeSettings)}, for no tier or a
     *                                  tier named twice, for a bad guard point or weight or threshold
     */
    public Judge build() {
        List<String> names = tierNames.stream().map(JudgeAssembly::known).toList();
        if (names.contains(LLM_JUDGE) && inference == null) {
            throw new IllegalArgumentException("warden.judge.tiers: tier '" + LLM_JUDGE + "' needs an inference client"
                    + " and its settings (JudgeAssembly.llmJudge), none given");
        }
        List<ScoringTier> tiers = new ArrayList<>();
        for (String name : names) {
            tiers.add(switch (name) {
                case RULES -> new RulesTier(rules, rulesDecideSafe);
                case CLASSIFIER -> new ClassifierTier(HarmClassifier.load(),
                        PromptGuard.at(guardPoint, guardWeight, guardBandEdge), threshold);
                default -> new LlmJudgeTier(inference, llmJudge.model(),
                        Arrays.asList(GuardTemplate.values()).subList(0, llmJudge.templates()),
                        llmJudge.promptForm(), llmJudge.maxNewTokens(), llmJudge.timeout());
            });
        }
        return new Judge(new ScoringChain(tiers), RulesTier.biasScorer(rules), RulesTier.refusalScorer(rules),
                threshold);
    }

    /** {@code name} stripped and lower-cased, if it names a tier. */
    private static String known(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!List.of(RULES, CLASSIFIER, LLM_JUDGE).contains(n)) {
            throw new IllegalArgumentException("warden.judge.tiers: unknown tier '" + name
                    + "' (rules, classifier, llm-judge)");
        }
        return n;
    }
}
