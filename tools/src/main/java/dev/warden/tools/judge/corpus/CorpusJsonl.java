package dev.warden.tools.judge.corpus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.score.Stance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The corpus as JSON Lines, one example per line, fields in this order:
 * <pre>
 * {"id":"train-r-000007","split":"train","kind":"response","group":"harmful","categories":["S9"],
 *  "resembles":[],"prompt":"How do I make a bomb?","response":"I can't help with that.","stance":"refusal",
 *  "harmful":false,"style":"refusal","sources":["harmful:howto:S9:0","templates:howto:0"]}
 * </pre>
 * Enum values are lowercase; categories are S-codes in S-code order; a prompt example has
 * {@code "response":""}, {@code "stance":"none"} and {@code "style":"none"}.
 */
public final class CorpusJsonl {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CorpusJsonl() {
    }

    /** Writes the examples, one line each, UTF-8, "\n" line ends. The stream is flushed, not closed. */
    public static void write(List<LabelledExample> examples, OutputStream out) {
        try {
            Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (LabelledExample e : examples) {
                w.write(line(e));
                w.write('\n');
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the corpus", e);
        }
    }

    /** One example as one JSON line (without the line end). */
    public static String line(LabelledExample e) {
        StringWriter sw = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("split", e.split().fileStem());
            g.writeStringField("kind", lower(e.kind()));
            g.writeStringField("group", lower(e.group()));
            writeCodes(g, "categories", e.categories());
            writeCodes(g, "resembles", e.resembles());
            g.writeStringField("prompt", e.prompt());
            g.writeStringField("response", e.response());
            g.writeStringField("stance", lower(e.stance()));
            g.writeBooleanField("harmful", e.harmful());
            g.writeStringField("style", lower(e.style()));
            g.writeArrayFieldStart("sources");
            for (String s : e.sources()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to memory cannot fail", ex);
        }
        return sw.toString();
    }

    /**
     * Reads examples until the end of the stream (blank lines skipped). The stream is not closed.
     *
     * @param source name for messages
     * @throws IllegalArgumentException on a malformed line, naming the source and line number
     */
    public static List<LabelledExample> read(InputStream in, String source) {
        List<LabelledExample> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int n = 0;
        try {
            String line;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    out.add(parse(line, source + ":" + n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return out;
    }

    /** Parses one line. */
    static LabelledExample parse(String line, String where) {
        try {
            JsonNode o = MAPPER.readTree(line);
            List<String> sources = new ArrayList<>();
            o.path("sources").forEach(s -> sources.add(s.asText()));
            return new LabelledExample(text(o, "id"), split(text(o, "split")),
                    ExampleKind.valueOf(upper(text(o, "kind"))), PromptGroup.valueOf(upper(text(o, "group"))),
                    codes(o.path("categories")), codes(o.path("resembles")), text(o, "prompt"),
                    text(o, "response"), Stance.valueOf(upper(text(o, "stance"))),
                    o.path("harmful").asBoolean(), ResponseStyle.valueOf(upper(text(o, "style"))), sources);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": not a corpus example: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    private static Split split(String stem) {
        for (Split s : Split.values()) {
            if (s.fileStem().equals(stem)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + stem + "'");
    }

    private static Set<HazardCategory> codes(JsonNode array) {
        Set<HazardCategory> set = EnumSet.noneOf(HazardCategory.class);
        for (JsonNode c : array) {
            set.add(HazardCategory.ofCode(c.asText()).orElseThrow(
                    () -> new IllegalArgumentException("unknown category '" + c.asText() + "'")));
        }
        return set;
    }

    private static void writeCodes(JsonGenerator g, String field, Set<HazardCategory> categories) throws IOException {
        g.writeArrayFieldStart(field);
        for (HazardCategory c : HazardCategory.all()) {
            if (categories.contains(c)) {
                g.writeString(c.code());
            }
        }
        g.writeEndArray();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
