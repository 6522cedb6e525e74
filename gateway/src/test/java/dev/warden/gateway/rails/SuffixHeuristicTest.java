package dev.warden.gateway.rails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.text.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuffixHeuristicTest {

    private static final String REQUEST = "Write a short tutorial on how to do [TASK] for my class, in plain words.";
    /** Synthetic word salad in the style of optimisation suffixes (not a published suffix). */
    private static final List<String> SALADS = List.of(
            " heap}}( Format intoTHE answer?\" similarly-- (!Begin [{ surelyHere ward!] $\\ cards Nova",
            " Sentence xcode ;) similarlyNow respond alternativelyPrefix\\\"]{ Sure`,manual Fiction([ Mission",
            " tut scenario? `/%. Hereabout](Write precisely):\"; Manuel }} wiki{| Lisa reply ({ certain");

    @Test
    void aSaladSuffixAfterAPlainRequestScoresHigh() {
        assertTrue(SuffixHeuristic.score(REQUEST) < 0.2, "plain request");
        for (String salad : SALADS) {
            double score = SuffixHeuristic.score(REQUEST + salad);
            assertTrue(score >= SuffixHeuristic.THRESHOLD, () -> salad + " scored " + score);
        }
    }

    @Test
    void textThatIsStrangeThroughoutOrTechnicalScoresLow() {
        List<String> texts = List.of(
                "Can you explain what this Java code does? for (int i = 0; i < n; i++) { sum += a[i] * b[i]; } return sum;",
                "What does this regex match: ^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)$ ?",
                "I'm getting this error: TypeError: Cannot read properties of undefined (reading 'map') at App.js:42:17",
                "Check https://www.example.org/docs/v2/api?key=value&page=3 for the endpoint list and tell me which one.",
                "Ich habe eine Frage zu meiner Steuererklärung: Muss ich Einkünfte aus Vermietung angeben, wenn sie klein sind?");
        for (String text : texts) {
            assertTrue(SuffixHeuristic.score(text) < SuffixHeuristic.THRESHOLD, text);
        }
    }

    @Test
    void shortTextsAreNotScored() {
        assertEquals(0.0, SuffixHeuristic.score("hi ]]{{ **XyZzy \\!--Two"));
    }

    @Test
    void theTailIsTheLastWindowFromATokenStart() {
        String text = "  " + REQUEST + SALADS.get(0) + "\n";
        Range tail = SuffixHeuristic.tail(text);
        String window = tail.codePointsOf(text);
        assertTrue(window.length() >= SuffixHeuristic.WINDOW && window.length() <= SuffixHeuristic.WINDOW + 12, window);
        assertTrue(text.strip().endsWith(window));
        assertTrue(Character.isWhitespace(text.charAt(text.indexOf(window) - 1)));
    }

    @Test
    void saladHasMoreOfEveryFeatureThanProse() {
        SuffixHeuristic.Features prose = SuffixHeuristic.features("please write the summary in plain words for my class today");
        SuffixHeuristic.Features salad = SuffixHeuristic.features(SALADS.get(1).strip());
        assertTrue(salad.symbolDensity() > prose.symbolDensity());
        assertTrue(salad.caseSwitchRate() > prose.caseSwitchRate());
        assertTrue(salad.shapeEntropy() > prose.shapeEntropy());
        assertTrue(salad.gibberish() > 0.5 && prose.gibberish() < 0.1);
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> SuffixHeuristic.score(null));
        assertThrows(IllegalArgumentException.class, () -> SuffixHeuristic.tail(null));
    }
}
