package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test data under src/test/resources/rails and one shared detector (loading compiles every rule). */
final class Fixtures {

    /** The default detector, built once for all tests. */
    static final JailbreakDetector DETECTOR = JailbreakDetector.fromResources();

    /** One attack example: the family it must be flagged for and the request. */
    record Attack(AttackFamily family, List<ChatTurn> messages) {
        @Override
        public String toString() {
            return family + ": " + messages.get(messages.size() - 1).content();
        }
    }

    private Fixtures() {
    }

    /** The attack examples of attacks.tsv. */
    static List<Attack> attacks() {
        List<Attack> attacks = new ArrayList<>();
        for (String line : lines("rails/attacks.tsv")) {
            String[] cols = line.split("\t", 3);
            AttackFamily family = AttackFamily.valueOf(cols[0]);
            String text = unescape(cols[2]);
            List<ChatTurn> messages = switch (cols[1]) {
                case "user" -> List.of(ChatTurn.user(text));
                case "tool" -> List.of(ChatTurn.user("Summarise this for me."), ChatTurn.tool(text));
                case "prefill" -> List.of(ChatTurn.user(text.substring(0, text.indexOf('|'))),
                        ChatTurn.assistant(text.substring(text.indexOf('|') + 1)));
                default -> throw new IllegalStateException("unknown role " + cols[1]);
            };
            attacks.add(new Attack(family, messages));
        }
        return attacks;
    }

    /** The non-comment lines of a test resource, with '\n' escapes turned into line breaks. */
    static List<String> texts(String resource) {
        return lines(resource).stream().map(Fixtures::unescape).toList();
    }

    static String unescape(String text) {
        return text.replace("\\n", "\n");
    }

    private static List<String> lines(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
