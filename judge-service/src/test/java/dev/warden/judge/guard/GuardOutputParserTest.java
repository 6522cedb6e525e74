package dev.warden.judge.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GuardOutputParserTest {

    /** Guard outputs and what they mean: SAFE, UNSAFE[known codes|unknown codes] or UNPARSEABLE. */
    static Stream<Arguments> outputs() {
        return Stream.of(
                Arguments.of("safe", "SAFE"),
                Arguments.of("unsafe\nS1", "UNSAFE[S1|]"),
                Arguments.of("unsafe\nS1,S10", "UNSAFE[S1,S10|]"),
                Arguments.of("  UNSAFE \n s2 , S9 ", "UNSAFE[S2,S9|]"),
                Arguments.of("Safe", "SAFE"),
                Arguments.of("SAFE.", "SAFE"),
                Arguments.of("\n\n  safe\n", "SAFE"),
                Arguments.of("unsafe", "UNSAFE[|]"),
                Arguments.of("unsafe\nS15", "UNSAFE[|S15]"),
                Arguments.of("unsafe\nS1, S99, foo, O3", "UNSAFE[S1|S99,O3]"),
                Arguments.of("safe\n\nThe conversation contains nothing harmful.", "SAFE"),
                Arguments.of("unsafe\nS3\nThe agent describes [STEP REDACTED].", "UNSAFE[S3|]"),
                Arguments.of("unsafe S2", "UNSAFE[S2|]"),
                Arguments.of("\n\nunsafe\n\nS3", "UNSAFE[S3|]"),
                Arguments.of("unsafe\nS1<|eot_id|>", "UNSAFE[S1|]"),
                Arguments.of("safe<|eot_id|>", "SAFE"),
                Arguments.of("unsafe\nS1 S2; S14", "UNSAFE[S1,S2,S14|]"),
                Arguments.of("Unsafe.\nCategories: S4", "UNSAFE[S4|]"),
                Arguments.of("unsafe\nViolated categories: [S05, s11]", "UNSAFE[S5,S11|]"),
                Arguments.of("**unsafe**\nS10.", "UNSAFE[S10|]"),
                Arguments.of("Answer: safe", "SAFE"),
                Arguments.of("Safety assessment: unsafe\nS6", "UNSAFE[S6|]"),
                Arguments.of("<think>The user asks about [SUBSTANCE]; policy S9 applies.</think>\nunsafe\nS9",
                        "UNSAFE[S9|]"),
                Arguments.of("unsafe\nViolent Crimes, Hate", "UNSAFE[S1,S10|]"),
                Arguments.of("unsafe\nSelf-Harm", "UNSAFE[S11|]"),
                Arguments.of("unsafe\nThe reply is problematic.", "UNSAFE[|]"),
                Arguments.of("safe\nS1", "SAFE"),
                Arguments.of("", "UNPARSEABLE"),
                Arguments.of("   \n\t\n", "UNPARSEABLE"),
                Arguments.of("<|eot_id|>", "UNPARSEABLE"),
                Arguments.of("I cannot help with that.", "UNPARSEABLE"),
                Arguments.of("unsafety is a concern", "UNPARSEABLE"),
                Arguments.of("safeguards are in place", "UNPARSEABLE"),
                Arguments.of("S1", "UNPARSEABLE"),
                Arguments.of("The content is unsafe.", "UNPARSEABLE"),
                Arguments.of("<think>still thinking", "UNPARSEABLE"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("outputs")
    void readsTheAnswer(String output, String expected) {
        assertEquals(expected, describe(GuardOutputParser.parse(output)));
    }

    @Test
    void nullIsUnparseableNotAnException() {
        GuardVerdict v = GuardOutputParser.parse(null);
        assertFalse(v.parseable());
        assertEquals("no output", ((GuardVerdict.Unparseable) v).reason());
    }

    @Test
    void unparseableKeepsTheReasonAndTheStartOfTheOutput() {
        String rambling = "Well, " + "x".repeat(500);
        GuardVerdict.Unparseable u = assertInstanceOf(GuardVerdict.Unparseable.class,
                GuardOutputParser.parse(rambling));
        assertEquals("first line is neither 'safe' nor 'unsafe'", u.reason());
        assertEquals(200, u.output().length());
        assertTrue(rambling.startsWith(u.output()));
    }

    @Test
    void categoriesComeBackInCodeOrderWithoutDuplicates() {
        GuardVerdict.Unsafe u = assertInstanceOf(GuardVerdict.Unsafe.class,
                GuardOutputParser.parse("unsafe\nS10,S1,S10,S15,S15"));
        assertEquals(List.of(HazardCategory.VIOLENT_CRIMES, HazardCategory.HATE), List.copyOf(u.categories()));
        assertEquals(List.of("S15"), u.unknownCodes());
    }

    static String describe(GuardVerdict v) {
        if (v instanceof GuardVerdict.Safe) {
            return "SAFE";
        }
        if (v instanceof GuardVerdict.Unsafe u) {
            return "UNSAFE[" + u.categories().stream().map(HazardCategory::code).collect(Collectors.joining(","))
                    + "|" + String.join(",", u.unknownCodes()) + "]";
        }
        return "UNPARSEABLE";
    }
}
