package dev.warden.judge.score;

/** Tells refusals from compliance. */
@FunctionalInterface
public interface RefusalScorer {

    /**
     * The probability in [0, 1] that {@code response} declines the request.
     *
     * @param incomplete whether the response is still streaming (the judgement is then provisional)
     */
    double refusal(String response, boolean incomplete);
}
