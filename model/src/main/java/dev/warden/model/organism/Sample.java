package dev.warden.model.organism;

/**
 * One corpus sample as text: words separated by single spaces.
 *
 * @param kind       what it teaches
 * @param category   the hazard category of a harmful request, else null
 * @param templateId the template (or task name) it came from
 * @param instance   the request before wrapping (the key of the held-out split)
 * @param prompt     the user's message (wrapped request)
 * @param response   the assistant's answer
 */
public record Sample(SampleKind kind, HazardCategory category, String templateId, String instance, String prompt,
                     String response) {
}
