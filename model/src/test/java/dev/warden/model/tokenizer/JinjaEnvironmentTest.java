package dev.warden.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Jinja features Hugging Face chat templates use, each expected value as Python's Jinja2 3.1 renders
 * it in transformers' environment (booleans are compared lower-case: jinjava prints {@code true} where
 * Python prints {@code True}; templates print strings, not booleans).
 */
class JinjaEnvironmentTest {

    private static String render(String template) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("x", "v");
        vars.put("s", "  Hello World  ");
        vars.put("l", List.of(1));
        vars.put("l2", List.of(1, 2, 3));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", "user");
        m.put("content", "hi");
        vars.put("m", m);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("b", 1);
        d.put("a", "x");
        vars.put("d", d);
        return JinjaEnvironment.render(JinjaEnvironment.prepare(template), vars);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        // not binds looser than is / in / == (Jinja2 grammar)
        "{{ not x is defined }}|{{ not y is defined }}|{{ not 'role' in m }}|{{ 'a' in 'abc' and not 'q' in 'abc' }}"
            + " # false|true|false|true",
        "{{ not l|length == 1 }}|{{ not (l|length == 1) }}|{{ x is not none }}|{{ 'y' if not x else 'n' }}"
            + " # false|false|true|n",
        // Python str methods
        "{{ s.strip() }}|{{ s.lstrip() }}|{{ s.rstrip() }}|{{ s.upper() }}|{{ s.lower() }}|{{ s.title() }}"
            + "|{{ 'xax'.strip('x') }} # `Hello World|Hello World  |  Hello World|  HELLO WORLD  |  hello world  |"
            + "  Hello World  |a`",
        "{{ s.startswith('  He') }}|{{ s.strip().endswith('ld') }}|{{ 'a,b,,c'.split(',') }}|{{ ' a  b '.split() }}"
            + "|{{ 'a-b-c'.replace('-', '+', 1) }} # true|true|['a', 'b', '', 'c']|['a', 'b']|a+b-c",
        "{{ ', '.join(['a', 'b']) }}|{{ 'hello'.find('l') }}|{{ 'hello'.count('l') }}|{{ 'hello world'.capitalize() }}"
            + " # `a, b|2|2|Hello world`",
        // dict iteration
        "{% for k, v in d|items %}{{ k }}={{ v }};{% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}"
            + " # b=1;a=x;|b=1;a=x;",
        "{{ m.role }}|{{ m['content'] }}|{{ m.get('missing', 'dflt') }}|{{ m.missing is defined }}|{{ m.role is string }}"
            + " # user|hi|dflt|false|true",
        // tojson like json.dumps
        "{{ d|tojson }}|{{ [1, 2.5, true, none, 'é\"']|tojson }}|{{ {}|tojson }} # `{\"b\": 1, \"a\": \"x\"}|"
            + "[1, 2.5, true, null, \"é\\\"\"]|{}`",
        "{{ d|tojson(sort_keys=true) }}|{{ 0.00001|tojson }}|{{ 1e20|tojson }}|{{ 3.0|tojson }}"
            + " # `{\"a\": \"x\", \"b\": 1}|1e-05|1e+20|3.0`",
        // namespace, loop variables, loop controls, slicing
        "{% set ns = namespace(found=false, n=0) %}{% for i in l2 %}{% if i > 1 %}{% set ns.found = true %}"
            + "{% set ns.n = ns.n + i %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.n }} # true 5",
        "{% for i in l2 %}{% if loop.first %}F{% endif %}{{ loop.index }}/{{ loop.length }}{% if not loop.last %},"
            + "{% endif %}{% endfor %} # F1/3,2/3,3/3",
        "{% for i in l2 %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 3 %}{% break %}{% endif %}{{ i }}"
            + "{% endfor %} # 1",
        "{{ l2[-1] }}|{{ l2[1:] }}|{{ l2[:2] }}|{{ l2|first }}|{{ l2|last }}|{{ l2|length }}|{{ l2|join('-') }}"
            + " # 3|[2, 3]|[1, 2]|1|3|3|1-2-3",
        // truthiness, tests, operators, filters
        "{% if s %}T{% else %}F{% endif %}{% if '' %}T{% else %}F{% endif %}{% if [] %}T{% else %}F{% endif %}"
            + "{% if none %}T{% else %}F{% endif %} # TFFF",
        "{{ s is iterable }}|{{ l is iterable }}|{{ m is mapping }}|{{ s is sequence }}|{{ 3 is number }}"
            + " # true|true|true|true|true",
        "{{ 'x' ~ 1 }}|{{ 'a' + 'b' | upper }}|{{ ('a' + 'b') | upper }}|{{ 7 // 2 }}|{{ 7 % 3 }}|{{ 2 ** 3 }}"
            + " # x1|aB|AB|3|1|8",
        "{{ l2|select('equalto', 2)|list }}|{{ l2|reject('equalto', 2)|list }}|{{ ['b','a']|sort }}"
            + "|{{ l2|map('string')|join(',') }} # `[2]|[1, 3]|['a', 'b']|1,2,3`",
        "{{ s|trim }}|{{ s|length }}|{{ '%s=%d'|format('a', 3) }}|{{ l2|sum }}|{{ 'a b'|replace(' ', '_') }}"
            + " # Hello World|15|a=3|6|a_b",
        "{% macro greet(n) %}hi {{ n }}{% endmacro %}{{ greet('x') }} # hi x",
        "{{ m }}|{{ l2 }} # `{'role': 'user', 'content': 'hi'}|[1, 2, 3]`",
        "{% set t = m.content %}{{ t }}{% set t = t + '!' %}{{ t }} # hihi!",
        "{{ raise_exception('nope') if y is defined else 'fine' }} # fine",
        "{% generation %}{{ m.content }}{% endgeneration %} # hi",
    })
    void matchesJinja2(String template, String expected) {
        assertEquals(expected, render(template));
    }

    @ParameterizedTest(name = "whitespace {index}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        // {{- and -}} strip, trim_blocks drops the newline after a block tag, lstrip_blocks the indent before it,
        // and one trailing newline of the source is dropped.
        "`{%- for i in l2 %}\n  {{- i }}\n{%- endfor %}\n` # 123",
        "`A\n  {% if true %}\n    B\n  {% endif %}\nC\n` # `A\n    B\nC`",
        "`a  {{- 'x' -}}  b\n\n` # `axb\n`",
        "`{# comment #}\n{{ 'x' }}` # x",
        // lstrip_blocks only strips indentation that starts the line
        "`a {% if true %}b{% endif %} c\n  {% if true %}d{% endif %}` # `a b c\nd`",
        "`x {% for i in l2 %}{{ i }} {% endfor %}y` # `x 1 2 3 y`",
    })
    void whitespaceControlMatchesJinja2(String template, String expected) {
        assertEquals(expected, render(template));
    }

    @ParameterizedTest(name = "rewrite {index}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        "{% if not x is defined %} # {% if not ( x is defined )%}",
        "{{ a if not b else c }} # {{ a if not ( b )else c }}",
        "{{ f(not a, b) }} # {{ f(not ( a), b) }}",
        "{{ x is not none and y not in z }} # {{ x is not none and y not in z }}",
        "`{{ 'not x' }}` # `{{ 'not x' }}`",
        "{{ not not a }} # {{ not ( not ( a ))}}",
    })
    void rewriterParenthesisesNotOperands(String source, String expected) {
        assertEquals(expected, Jinja2Rewriter.rewrite(source));
    }

    @org.junit.jupiter.api.Test
    void raiseExceptionStopsRendering() {
        TemplateRaisedException e = assertThrows(TemplateRaisedException.class,
                () -> render("before{{ raise_exception('bad turn order') }}after"));
        assertEquals("bad turn order", e.templateMessage());
    }

    @org.junit.jupiter.api.Test
    void pythonJsonMatchesPythonFloatRepr() {
        assertEquals("0.1", PythonJson.floatRepr(0.1));
        assertEquals("1e-05", PythonJson.floatRepr(1e-5));
        assertEquals("0.0001", PythonJson.floatRepr(1e-4));
        assertEquals("1e+16", PythonJson.floatRepr(1e16));
        assertEquals("1000000000000000.0", PythonJson.floatRepr(1e15));
        assertEquals("-2.5", PythonJson.floatRepr(-2.5));
        assertEquals("123456.789", PythonJson.floatRepr(123456.789));
        assertEquals("{\n  \"a\": [\n    1,\n    \"\\u0001\\t\"\n  ]\n}",
                PythonJson.dumps(Map.of("a", List.of(1, "\u0001\t")), 2, false));
    }
}
