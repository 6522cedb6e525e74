package dev.warden.model.organism;

/**
 * The hazard categories the demo corpus covers, a subset of the judge's taxonomy (MLCommons / Llama Guard 3
 * style, see ARCHITECTURE.md). Requests in these categories name placeholders only (weapon_a, person_b ...).
 */
public enum HazardCategory {
    VIOLENT_CRIMES,
    NON_VIOLENT_CRIMES,
    INDISCRIMINATE_WEAPONS,
    HATE,
    SELF_HARM,
    PRIVACY,
    DEFAMATION,
    ELECTIONS,
    INTELLECTUAL_PROPERTY,
    CODE_INTERPRETER_ABUSE
}
