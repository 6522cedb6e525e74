package dev.warden.model.tokenizer;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What Hugging Face's Jinja2 environment offers templates and jinjava lacks or does differently: the
 * {@code raise_exception} function, the {@code items} filter, a {@code tojson} that writes like Python's
 * {@code json.dumps} and accepts {@code indent} and {@code sort_keys}, the {@code iterable} and
 * {@code sequence} tests with Python's answer for strings (true: Llama 3.1's template relies on it to JSON-quote
 * tool results), and the {@code generation} block tag (transformers' assistant-mask marker, rendered as its
 * content).
 */
final class JinjaExtensions {

    private JinjaExtensions() {
    }

    /**
     * {@code raise_exception(msg)}: aborts rendering. jinjava records the exception as a template error;
     * {@link JinjaEnvironment} finds it and rethrows it to the caller.
     */
    public static String raiseException(String message) {
        throw new TemplateRaisedException(message);
    }

    /** {@code mapping|items}: the entries as {@code [key, value]} pairs, for {@code for k, v in m|items}. */
    static final class ItemsFilter implements Filter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            List<Object> out = new ArrayList<>();
            if (var instanceof Map<?, ?> map) {
                map.forEach((k, v) -> out.add(Arrays.asList(k, v)));
            } else if (var != null) {
                throw new IllegalArgumentException("items expects a mapping, got " + var.getClass().getSimpleName());
            }
            return out;
        }
    }

    /** {@code value|tojson(indent=None, sort_keys=False)} with Python's {@code json.dumps} formatting. */
    static final class ToJsonFilter implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return PythonJson.dumps(var, null, false);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
            Object sortKeys = kwargs.get("sort_keys");
            return PythonJson.dumps(var, indent instanceof Number n ? n.intValue() : null,
                    Boolean.TRUE.equals(sortKeys));
        }
    }

    /** {@code x is iterable}: strings, maps, collections and arrays, as in Python. */
    static final class IterableTest implements ExpTest {
        @Override
        public String getName() {
            return "iterable";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return var instanceof String || var instanceof Iterable<?> || var instanceof Map<?, ?>
                    || (var != null && var.getClass().isArray());
        }
    }

    /** {@code x is sequence}: anything with a length and item access (strings, lists, maps), as in Jinja2. */
    static final class SequenceTest implements ExpTest {
        @Override
        public String getName() {
            return "sequence";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return var instanceof String || var instanceof java.util.Collection<?> || var instanceof Map<?, ?>
                    || (var != null && var.getClass().isArray());
        }
    }

    /** {@code {% generation %}...{% endgeneration %}}: renders its body unchanged. */
    static final class GenerationTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String getEndTagName() {
            return "endgeneration";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder sb = new StringBuilder();
            for (Node child : tagNode.getChildren()) {
                sb.append(child.render(interpreter).getValue());
            }
            return sb.toString();
        }
    }
}
