package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * OpenAI's model list ({@code GET /v1/models}).
 *
 * @param object always {@code list}
 * @param data the models
 */
public record ModelList(String object, List<Model> data) {

    /** A list of {@code models}. */
    public static ModelList of(List<Model> models) {
        return new ModelList("list", List.copyOf(models));
    }

    /**
     * One model.
     *
     * @param id the name clients use
     * @param object always {@code model}
     * @param created Unix seconds when the gateway started serving the route
     * @param ownedBy the owner
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Model(String id, String object, long created, String ownedBy) {

        /** A model card. */
        public static Model of(String id, long created, String ownedBy) {
            return new Model(id, "model", created, ownedBy);
        }
    }
}
