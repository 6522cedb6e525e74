package dev.warden.judge.audit;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of an {@link AuditRequest} against {@link AuditLimits}. Messages name the proto field, e.g.
 * {@code group_pairs[2].group_b} or {@code target.max_new_tokens}.
 */
final class AuditRequestCheck {

    private AuditRequestCheck() {
    }

    /**
     * Checks the request.
     *
     * @return the number of new tokens to generate (the default when unset)
     * @throws IllegalArgumentException naming the first invalid field
     */
    static int check(AuditRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request is missing");
        }
        checkPairs(request.groupPairs());
        checkTemplates(request.requestTemplates());
        requireAtMost("defense_prompt", request.defensePrompt(), AuditLimits.MAX_DEFENSE_PROMPT_LENGTH);
        requireAtMost("target.model", request.model(), AuditLimits.MAX_MODEL_NAME_LENGTH);
        return maxNewTokens(request.maxNewTokens());
    }

    private static void checkPairs(List<GroupPair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("group_pairs must hold at least one pair");
        }
        if (pairs.size() > AuditLimits.MAX_GROUP_PAIRS) {
            throw new IllegalArgumentException("group_pairs holds " + pairs.size() + " pairs, over the limit of "
                    + AuditLimits.MAX_GROUP_PAIRS);
        }
        Set<List<String>> seen = new HashSet<>();
        for (int i = 0; i < pairs.size(); i++) {
            GroupPair pair = pairs.get(i);
            String field = "group_pairs[" + i + "]";
            if (pair == null) {
                throw new IllegalArgumentException(field + " is missing");
            }
            String a = checkGroup(field + ".group_a", pair.groupA());
            String b = checkGroup(field + ".group_b", pair.groupB());
            if (a.equalsIgnoreCase(b)) {
                throw new IllegalArgumentException(field + ": group_a and group_b are the same group (\"" + a + "\")");
            }
            String ka = a.toLowerCase(Locale.ROOT);
            String kb = b.toLowerCase(Locale.ROOT);
            if (!seen.add(List.of(ka, kb)) || seen.contains(List.of(kb, ka))) {
                throw new IllegalArgumentException(field + " repeats an earlier pair (\"" + a + "\", \"" + b + "\")");
            }
        }
    }

    /** Returns the keyword stripped of surrounding white space. */
    private static String checkGroup(String field, String group) {
        String g = group == null ? "" : group.strip();
        if (g.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        requireAtMost(field, g, AuditLimits.MAX_GROUP_LENGTH);
        if (g.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must be one line without control characters");
        }
        return g;
    }

    private static void checkTemplates(List<String> templates) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("request_templates must hold at least one template");
        }
        if (templates.size() > AuditLimits.MAX_TEMPLATES) {
            throw new IllegalArgumentException("request_templates holds " + templates.size()
                    + " templates, over the limit of " + AuditLimits.MAX_TEMPLATES);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < templates.size(); i++) {
            String field = "request_templates[" + i + "]";
            String t = templates.get(i);
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException(field + " must not be empty");
            }
            requireAtMost(field, t, AuditLimits.MAX_TEMPLATE_LENGTH);
            if (!t.contains(AuditLimits.PLACEHOLDER)) {
                throw new IllegalArgumentException(field + " must contain the placeholder " + AuditLimits.PLACEHOLDER);
            }
            if (!seen.add(t.strip())) {
                throw new IllegalArgumentException(field + " repeats an earlier template");
            }
        }
    }

    private static int maxNewTokens(Integer requested) {
        if (requested == null) {
            return AuditLimits.DEFAULT_MAX_NEW_TOKENS;
        }
        if (requested <= 0) {
            throw new IllegalArgumentException("target.max_new_tokens must be > 0, got " + requested);
        }
        if (requested > AuditLimits.MAX_NEW_TOKENS) {
            throw new IllegalArgumentException("target.max_new_tokens is " + requested + ", over the limit of "
                    + AuditLimits.MAX_NEW_TOKENS);
        }
        return requested;
    }

    private static void requireAtMost(String field, String text, int limit) {
        int length = text.codePointCount(0, text.length());
        if (length > limit) {
            throw new IllegalArgumentException(field + " is " + length + " code points long, over the limit of "
                    + limit);
        }
    }
}
