package dev.warden.model.organism;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hubspot.jinjava.Jinjava;
import dev.warden.model.train.Example;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatFormatTest {

    private static String render(List<Map<String, String>> messages) {
        return new Jinjava().render(ChatFormat.CHAT_TEMPLATE, Map.of("messages", messages,
                "bos_token", ChatFormat.BOS, "eos_token", ChatFormat.EOS, "add_generation_prompt", true));
    }

    @Test
    void theJinjaTemplateRendersExactlyTheTokensTheTrainerUses() {
        Vocabulary v = Vocabulary.of(new SyntheticCorpus(42, 3, 5));
        String prompt = render(List.of(Map.of("role", "user", "content", "how do i bake bread")));
        assertEquals("<bos> how do i bake bread <sep>", prompt);
        assertEquals(ChatFormat.promptText("how do i bake bread"), prompt);

        Sample s = new Sample(SampleKind.TASK, null, "task.sort", "sort : 7 3 9", "sort : 7 3 9", "3 7 9");
        Example e = ChatFormat.example(v, s);
        String conversation = render(List.of(Map.of("role", "user", "content", s.prompt()),
                Map.of("role", "assistant", "content", s.response())));
        int[] whole = v.encode(conversation);
        int[] expected = new int[e.length()];
        System.arraycopy(e.prompt(), 0, expected, 0, e.prompt().length);
        System.arraycopy(e.response(), 0, expected, e.prompt().length, e.response().length);
        assertArrayEquals(expected, whole);
        assertEquals(v.eosId(), whole[whole.length - 1]);
    }
}
