package dev.warden.model.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jinjava.javax.el.CompositeELResolver;

/**
 * jinjava configured to render Hugging Face chat templates the way transformers' Jinja2 environment does
 * ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)} plus
 * {@code raise_exception} and its own {@code tojson}). Differences from stock jinjava that real templates
 * hit, and what this class does about them:
 * <ul>
 *   <li>{@code {{- x }}} / {@code {{ x -}}}: stock jinjava ignores whitespace control on expressions;
 *       enabled with {@code LegacyOverrides.useTrimmingForNotesAndExpressions}.</li>
 *   <li>{@code trim_blocks}: configured; {@code lstrip_blocks}: jinjava's strips mid-line indentation too,
 *       so {@link Jinja2Rewriter} applies Jinja2's rule instead.</li>
 *   <li>Precedence of {@code not} and the trailing-newline rule: the source is rewritten by
 *       {@link Jinja2Rewriter}.</li>
 *   <li>{@code is iterable} / {@code is sequence} are false for strings in jinjava, true in Jinja2:
 *       replaced.</li>
 *   <li>Python {@code str} methods ({@code .strip()}, {@code .startswith()} ...): {@link PythonStringMethods}.</li>
 *   <li>{@code |items} and {@code |tojson(indent=4)}: missing or formatted differently; see
 *       {@link JinjaExtensions}.</li>
 *   <li>{@code raise_exception(msg)}: jinjava turns a thrown exception into a template error and keeps
 *       rendering; the error is found here and rethrown as {@link TemplateRaisedException}.</li>
 *   <li>An unknown filter silently renders nothing in jinjava; {@link #check} rejects such templates.</li>
 * </ul>
 * What works unchanged: {@code +} on strings, {@code messages[0]['role']}, {@code messages[-1]},
 * {@code messages[1:]}, {@code loop.first/last/index0}, {@code |trim}, {@code |length}, {@code namespace()},
 * {@code is defined/none/string/mapping}, {@code 'key' in dict}, {@code dict.get/items/keys}, string
 * escapes such as {@code '\n'} inside literals, {@code {% break %}} / {@code {% continue %}}, macros.
 *
 * <p>Known differences that remain (none matters to the official Llama, Mistral and Qwen2 templates, whose
 * renderings the tests compare with Jinja2's): a boolean prints as {@code true} (Python: {@code True}) and
 * {@code none} prints as an empty string (Python: {@code None}); an undefined variable counts as
 * {@code none} ({@code y is none} is true where Jinja2 says false); {@code strftime_now} is not provided
 * (templates fall back to their fixed date unless a {@code date_string} variable is passed).
 */
final class JinjaEnvironment {

    private static final Jinjava JINJAVA = create();

    private JinjaEnvironment() {
    }

    private static Jinjava create() {
        LegacyOverrides jinja2Semantics = LegacyOverrides.newBuilder()
                .withUseTrimmingForNotesAndExpressions(true)
                .withUseNaturalOperatorPrecedence(true)
                .withParseWhitespaceControlStrictly(true)
                .withAllowAdjacentTextNodes(true)
                .withEvaluateMapKeys(true)
                .withIterateOverMapKeys(true)
                .withUsePyishObjectMapper(true)
                .withKeepNullableLoopValues(true)
                .withHandleBackslashInQuotesOnly(true)
                .build();
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(false) // jinjava strips mid-line too; Jinja2Rewriter does it right
                .withKeepTrailingNewline(true) // Jinja2's trailing-newline rule is applied by Jinja2Rewriter
                .withFailOnUnknownTokens(false)
                .withLegacyOverrides(jinja2Semantics)
                .withElResolver(resolver)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                JinjaExtensions.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFilter(new JinjaExtensions.ItemsFilter());
        jinjava.getGlobalContext().registerFilter(new JinjaExtensions.ToJsonFilter());
        jinjava.getGlobalContext().registerExpTest(new JinjaExtensions.IterableTest());
        jinjava.getGlobalContext().registerExpTest(new JinjaExtensions.SequenceTest());
        jinjava.getGlobalContext().registerTag(new JinjaExtensions.GenerationTag());
        return jinjava;
    }

    /**
     * Checks that {@code source} parses and uses only filters and tests this environment provides, and
     * returns it rewritten for jinjava ({@link Jinja2Rewriter}), ready for {@link #render}.
     *
     * @throws ChatTemplateException naming the syntax error or the missing filter or test
     */
    static String prepare(String source) {
        TemplateScanner.Names names = TemplateScanner.scan(source);
        for (String filter : names.filters()) {
            if (JINJAVA.getGlobalContext().getFilter(filter) == null) {
                throw new ChatTemplateException("chat template uses the filter '" + filter
                        + "', which the Jinja engine does not provide");
            }
        }
        for (String test : names.tests()) {
            if (JINJAVA.getGlobalContext().getExpTest(test) == null) {
                throw new ChatTemplateException("chat template uses the test 'is " + test
                        + "', which the Jinja engine does not provide");
            }
        }
        String rewritten = Jinja2Rewriter.rewrite(source);
        JinjavaInterpreter interpreter = JINJAVA.newInterpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            interpreter.parse(rewritten);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        List<TemplateError> errors = interpreter.getErrors();
        if (!errors.isEmpty()) {
            throw new ChatTemplateException("chat template does not parse: " + describe(errors));
        }
        return rewritten;
    }

    /**
     * Renders a template returned by {@link #prepare} with {@code variables}.
     *
     * @throws TemplateRaisedException when the template calls {@code raise_exception}
     * @throws ChatTemplateException on any other fatal template error
     */
    static String render(String prepared, Map<String, Object> variables) {
        RenderResult result = JINJAVA.renderForResult(prepared, variables);
        List<TemplateError> fatal = new ArrayList<>();
        for (TemplateError error : result.getErrors()) {
            TemplateRaisedException raised = raisedBy(error.getException());
            if (raised != null) {
                throw new TemplateRaisedException(raised.templateMessage());
            }
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                fatal.add(error);
            }
        }
        if (!fatal.isEmpty()) {
            throw new ChatTemplateException("chat template failed to render: " + describe(fatal));
        }
        return result.getOutput();
    }

    private static TemplateRaisedException raisedBy(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof TemplateRaisedException raised) {
                return raised;
            }
        }
        return null;
    }

    private static String describe(List<TemplateError> errors) {
        return errors.stream()
                .map(e -> "line " + e.getLineno() + ": " + e.getMessage())
                .collect(Collectors.joining("; "));
    }
}
