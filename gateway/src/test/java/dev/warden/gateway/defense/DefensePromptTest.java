package dev.warden.gateway.defense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.rails.ChatTurn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefensePromptTest {

    private static final DefensePrompt DEFENSE = DefensePrompt.fromResource();

    @Test
    void theDefaultTextAsksForOneStandardAcrossGroups() {
        String text = DEFENSE.text();
        assertTrue(text.startsWith("Apply one safety standard to every request."), text);
        assertTrue(text.contains("gender, race, ethnicity"));
        assertTrue(text.contains("same answer if the request named a different group"));
    }

    @Test
    void prependsASystemMessageWhenThereIsNone() {
        List<ChatTurn> result = DEFENSE.apply(List.of(ChatTurn.user("Hello")));
        assertEquals(List.of(ChatTurn.system(DEFENSE.text()), ChatTurn.user("Hello")), result);
    }

    @Test
    void mergesBeforeTheOperatorsSystemMessage() {
        List<ChatTurn> result = DEFENSE.apply(List.of(ChatTurn.system("You are a travel agent."), ChatTurn.user("Hi")));
        assertEquals(2, result.size());
        assertEquals(ChatTurn.system(DEFENSE.text() + "\n\nYou are a travel agent."), result.get(0));
        assertEquals(ChatTurn.user("Hi"), result.get(1));
    }

    @Test
    void isIdempotent() {
        List<ChatTurn> request = List.of(ChatTurn.system("Be brief."), ChatTurn.user("Hi"), ChatTurn.assistant("Hello!"));
        List<ChatTurn> once = DEFENSE.apply(request);
        assertEquals(once, DEFENSE.apply(once));
        List<ChatTurn> noSystem = DEFENSE.apply(List.of(ChatTurn.user("Hi")));
        assertEquals(noSystem, DEFENSE.apply(noSystem));
        assertEquals(1, DEFENSE.apply(noSystem).stream().filter(ChatTurn::isSystem).count());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> DefensePrompt.of("  "));
        assertThrows(IllegalArgumentException.class, () -> DefensePrompt.fromResource("defense/none.txt"));
        assertThrows(IllegalArgumentException.class, () -> DEFENSE.apply(null));
        List<ChatTurn> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> DEFENSE.apply(withNull));
    }
}
