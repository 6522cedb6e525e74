package dev.warden.gateway.pipeline;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rule-based detector and the learned guard model's jailbreak and prompt-injection heads, side by side.
 * User messages are scored by the jailbreak head, tool messages (tool output, retrieved data: where indirect
 * injections arrive, what the injection head learned from) by both; the operator's system messages and
 * assistant turns are not scored. By default the injection head stays off user messages, where the rules'
 * instruction-override patterns cover direct injection: it learned from injections embedded in data, and on
 * benign user prompts it adds false alarms (the gateway's {@code rails.learned.injection-on-user-messages}
 * turns it on there; gateway/README.md has the measured trade-off). Each head's probability is mapped onto the
 * detector's scale so that its calibrated threshold at the chosen {@link OperatingPoint} lands on the rails'
 * jailbreak threshold ({@link GuardScores#scaled}). The scan's score is the largest of the rules' score and the two heads'
 * mapped scores over the messages; a head at or above the threshold adds its family
 * ({@value #JAILBREAK_FAMILY}, {@value #INJECTION_FAMILY}) after the rules' families.
 *
 * <p>A message is read with what it hides ({@link GuardModel#readWithPayloads}): each head's probability is the
 * largest over the message and its decoded payloads (base64, hex, percent, binary, rot13, nested ones; at most
 * {@value GuardModel#MAX_PAYLOADS}), so an injection in novel wording, encoded, meets the heads in plain words.
 *
 * <p>Messages of fewer than {@value #MIN_WORDS} words are left to the rules (unless a payload of that many words
 * hides in them): the heads were calibrated on prompts of a sentence or more, and on a text of two or three words
 * their probabilities sit at the bias, next to the calibrated thresholds ("stream this", "sort : 7 3 9" would be
 * coin flips).
 *
 * <p>A tenant's policy may name another operating point for its requests ({@code rails_point}) and turn the
 * injection head on user messages on or off ({@code injection_on_user_messages}); {@link #scan(List, Overrides)}.
 * Thread-safe.
 */
public final class LearnedScanner implements PromptScanner {

    /** The family a flagged jailbreak head reports. */
    public static final String JAILBREAK_FAMILY = "learned-jailbreak";
    /** The family a flagged injection head reports. */
    public static final String INJECTION_FAMILY = "learned-injection";

    /** Messages with fewer words (runs of letters or digits) than this are not scored by the heads. */
    public static final int MIN_WORDS = GuardModel.MIN_WORDS;

    private final PromptScanner rules;
    private final GuardModel model;
    private final OperatingPoint point;
    private final float threshold;
    private final boolean injectionOnUser;

    /**
     * The scanner.
     *
     * @param rules     the rule-based scanner
     * @param model     the learned guard model
     * @param point     the operating point its heads decide at
     * @param threshold the rails' block threshold, in (0, 1]
     * @param injectionOnUser whether the injection head also scores user messages (the gateway's default: no; a
     *                        tenant may override it)
     */
    public LearnedScanner(PromptScanner rules, GuardModel model, OperatingPoint point, double threshold,
                          boolean injectionOnUser) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.model = Objects.requireNonNull(model, "model");
        this.point = Objects.requireNonNull(point, "point");
        this.threshold = (float) threshold;
        this.injectionOnUser = injectionOnUser;
    }

    @Override
    public Scan scan(List<Message> messages) {
        return scan(messages, Overrides.NONE);
    }

    /**
     * Scans with a tenant's operating point and injection-on-user choice where it has them, this scanner's
     * otherwise.
     */
    @Override
    public Scan scan(List<Message> messages, Overrides tenant) {
        OperatingPoint point = tenant.pointOr(this.point);
        boolean injectionOnUser = tenant.injectionOnUserOr(this.injectionOnUser);
        Scan ruled = rules.scan(messages);
        float jailbreak = 0f;
        float injection = 0f;
        for (Message m : messages) {
            boolean tool = m.role().equals("tool");
            if (!(tool || m.role().equals("user"))) {
                continue;
            }
            Optional<GuardScores> read = model.readWithPayloads(m.content());
            if (read.isEmpty()) {
                continue;
            }
            GuardScores s = read.get();
            jailbreak = Math.max(jailbreak, s.scaled(GuardHead.JAILBREAK, point, threshold));
            if (tool || injectionOnUser) {
                injection = Math.max(injection, s.scaled(GuardHead.INJECTION, point, threshold));
            }
        }
        if (jailbreak < threshold && injection < threshold) {
            return ruled.score() >= Math.max(jailbreak, injection) ? ruled
                    : new Scan(Math.max(jailbreak, injection), ruled.families());
        }
        List<String> families = new ArrayList<>(ruled.families());
        if (jailbreak >= threshold) {
            families.add(JAILBREAK_FAMILY);
        }
        if (injection >= threshold) {
            families.add(INJECTION_FAMILY);
        }
        return new Scan(Math.max(ruled.score(), Math.max(jailbreak, injection)), families);
    }
}
