package dev.warden.gateway.fakes;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The markers that script the fake upstreams, written into a prompt's last user message (tests and the
 * benchmark use them; nothing else does):
 * <ul>
 * <li>{@code [SCRIPT:tokens=N]}: the fake model answers with N filler tokens;</li>
 * <li>{@code [SCRIPT:harmful-after=N]}: N filler tokens, then the token {@code [HARMFUL]}, then 40 more;</li>
 * <li>{@code [SCRIPT:delay-ms=N]}: N ms between tokens;</li>
 * <li>{@code [SCRIPT:unavailable]}: Generate fails with UNAVAILABLE;</li>
 * <li>{@code [SCRIPT:invalid]}: Generate fails with INVALID_ARGUMENT;</li>
 * <li>{@code [JUDGE-UNAVAILABLE]}: the judge fails every call about this prompt with UNAVAILABLE;</li>
 * <li>{@code [JUDGE-BARRIER:N]}: the judge answers calls about such prompts only once N of them are waiting;</li>
 * <li>{@code [HARMFUL]} or {@code [HARMFUL:S<k>]}: the judge finds the text unsafe (category S1, or S<k>);</li>
 * <li>{@code [BORDERLINE]}: the judge scores the text 0.4 in S6 (below the default threshold);</li>
 * <li>{@code [SCRIPT:score-unavailable]} in a text to score: inference Score fails with UNAVAILABLE;</li>
 * <li>{@code [RENDEZVOUS:key]}: the judge's Score about this prompt and inference Score of a text holding it each
 *     wait until the other has arrived ({@link Rendezvous}): a test that they are called in parallel.</li>
 * </ul>
 * Inference Score needs no marker: the fake model scores tokens by their shape (see
 * {@link ScriptedInference#logprobs(String)}), so token salad is improbable and prose is not.
 */
public final class Script {

    /** The token the scripted model emits as its harmful continuation. */
    public static final String HARMFUL = "[HARMFUL]";

    private static final Pattern TOKENS = Pattern.compile("\\[SCRIPT:tokens=(\\d{1,6})]");
    private static final Pattern HARMFUL_AFTER = Pattern.compile("\\[SCRIPT:harmful-after=(\\d{1,6})]");
    private static final Pattern DELAY = Pattern.compile("\\[SCRIPT:delay-ms=(\\d{1,5})]");
    private static final Pattern BARRIER = Pattern.compile("\\[JUDGE-BARRIER:(\\d{1,4})]");
    private static final Pattern RENDEZVOUS = Pattern.compile("\\[RENDEZVOUS:([A-Za-z0-9-]{1,64})]");
    private static final Pattern HARMFUL_CATEGORY = Pattern.compile("\\[HARMFUL(?::S(\\d{1,2}))?]");

    private Script() {
    }

    /** N of {@code [SCRIPT:tokens=N]}. */
    static OptionalInt tokens(String text) {
        return number(TOKENS, text);
    }

    /** N of {@code [SCRIPT:harmful-after=N]}. */
    static OptionalInt harmfulAfter(String text) {
        return number(HARMFUL_AFTER, text);
    }

    /** N of {@code [SCRIPT:delay-ms=N]}. */
    static OptionalInt delayMs(String text) {
        return number(DELAY, text);
    }

    /** N of {@code [JUDGE-BARRIER:N]}. */
    static OptionalInt barrier(String text) {
        return number(BARRIER, text);
    }

    /** The key of {@code [RENDEZVOUS:key]}, or null. */
    static String rendezvous(String text) {
        Matcher m = RENDEZVOUS.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** The hazard number of the first {@code [HARMFUL]} / {@code [HARMFUL:S<k>]} marker (1 without a code). */
    static OptionalInt harmfulCategory(String text) {
        Matcher m = HARMFUL_CATEGORY.matcher(text);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        int k = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
        return OptionalInt.of(k >= 1 && k <= 14 ? k : 1);
    }

    private static OptionalInt number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
