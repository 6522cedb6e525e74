package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
import dev.warden.guard.text.Range;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The jailbreak and prompt-injection detector of the gateway's input rails. Built once from the rule files
 * under {@code rails/} (see {@link RuleSet} for the format), then immutable and thread-safe.
 *
 * <p>Per message: user and tool messages are scanned in full, the last message when it is an assistant
 * prefill by the rules for prefills, system messages (the operator's) not at all. A scan normalises the
 * text (one pass), marks the rules whose anchors occur (one Aho-Corasick pass), runs only those rules'
 * precompiled regexes, then the structural checks: spelled-out and concatenated words, base64 / hex /
 * percent-encoded / rot13 payloads decoded and scanned again, and (user messages) the gibberish-suffix
 * heuristic. Evidence found in a tool message is also reported as
 * {@link AttackFamily#PROMPT_INJECTION_IN_TOOL_OUTPUT}. Framing rules (fiction, research, "no warnings", plans)
 * weigh more when some message asks how to do something harmful. Spans are code points of the original
 * message content.
 */
public final class JailbreakDetector {

    /** The classpath folder of the default rule files. */
    public static final String DEFAULT_ROOT = "rails";

    /** Families whose evidence inside tool output is also an injection into the model's context. */
    private static final Set<AttackFamily> INSTRUCTION_LIKE = EnumSet.of(AttackFamily.PERSONA_TAKEOVER,
            AttackFamily.INSTRUCTION_OVERRIDE, AttackFamily.REFUSAL_SUPPRESSION, AttackFamily.FORCED_AFFIRMATIVE_PREFIX,
            AttackFamily.ENCODED_PAYLOAD, AttackFamily.SPLIT_PAYLOAD, AttackFamily.INJECTED_PLAN);

    private final RuleSet rules;
    private final TextScanner scanner;

    private JailbreakDetector(RuleSet rules) {
        this.rules = rules;
        this.scanner = new TextScanner(rules);
    }

    /**
     * The detector with the default rules ({@value #DEFAULT_ROOT}/ on this class's class path). Loading
     * compiles every pattern: build it once and share it.
     *
     * @throws IllegalArgumentException when a rule file is missing or malformed
     */
    public static JailbreakDetector fromResources() {
        return fromResources(DEFAULT_ROOT);
    }

    /**
     * The detector with the rule files under the classpath folder {@code root}.
     *
     * @throws IllegalArgumentException when a rule file is missing or malformed
     */
    public static JailbreakDetector fromResources(String root) {
        return new JailbreakDetector(RuleSet.load(JailbreakDetector.class.getClassLoader(), root));
    }

    /**
     * Scans a request's messages.
     *
     * @throws IllegalArgumentException when {@code messages} is null or holds a null message
     */
    public Detection detect(List<ChatTurn> messages) {
        return detect(messages, null);
    }

    /**
     * Scans a request's messages and adds a perplexity signal for the tail of the last user message
     * (from inference-service Score; null for none).
     *
     * @throws IllegalArgumentException when {@code messages} is null or holds a null message
     */
    public Detection detect(List<ChatTurn> messages, PerplexitySignal lastUserTail) {
        if (messages == null) {
            throw new IllegalArgumentException("messages must not be null");
        }
        List<Verdicts.Located> located = new ArrayList<>();
        boolean harmful = false;
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            ChatTurn turn = messages.get(i);
            if (turn == null) {
                throw new IllegalArgumentException("message " + i + " is null");
            }
            Scope scope = Scope.of(turn, i, messages.size());
            lastUser = scope == Scope.USER ? i : lastUser;
            if (scope == null || turn.content().isBlank() || scope == Scope.ASSISTANT) {
                continue;
            }
            TextScanner.Scan scan = scanner.scan(turn.content(), scope, 0);
            harmful |= scan.harmful();
            for (Evidence evidence : scan.evidence()) {
                boolean injected = scope == Scope.TOOL && INSTRUCTION_LIKE.contains(evidence.family());
                // in tool output the evidence counts once, as an injection; its own family is listed too
                located.add(new Verdicts.Located(i, turn.content(), evidence, !injected));
                if (injected) {
                    located.add(new Verdicts.Located(i, turn.content(), evidence.as(
                            AttackFamily.PROMPT_INJECTION_IN_TOOL_OUTPUT, "in-tool:" + evidence.key(),
                            "in tool output: "), true));
                }
            }
        }
        if (lastUserTail != null && lastUserTail.suspicious() && lastUser >= 0) {
            String content = messages.get(lastUser).content();
            Range tail = SuffixHeuristic.tail(content);
            located.add(new Verdicts.Located(lastUser, content, Evidence.of(AttackFamily.ADVERSARIAL_SUFFIX,
                    "suffix-perplexity", lastUserTail.score(), tail.start(), tail.end(), String.format(
                            "improbable suffix (tail %.1f vs head %.1f nats per token)", lastUserTail.tailNll(),
                            lastUserTail.headNll())), true));
        }
        return Verdicts.decide(located, harmful);
    }

    /** How many rules were compiled (printed by the rails benchmark). */
    public int ruleCount() {
        return rules.rules().size();
    }

    /** The compiled rules, for tests and diagnostics. */
    List<Rule> rules() {
        return rules.rules();
    }
}
