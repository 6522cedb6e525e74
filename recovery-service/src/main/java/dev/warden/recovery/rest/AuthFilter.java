package dev.warden.recovery.rest;

import dev.warden.recovery.auth.ApiToken;
import dev.warden.recovery.error.ErrorBody;
import dev.warden.recovery.error.RestErrorMapper;
import dev.warden.recovery.error.UnauthenticatedException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every REST resource (all under {@code /v1}) needs the bearer token; a missing or wrong one is a 401 with
 * the JSON error. {@code /q/health} and {@code /q/metrics} are not resources and stay open.
 */
public class AuthFilter {

    /** Resolved per request: filters are created at static init, before runtime configuration exists. */
    @Inject
    Instance<ApiToken> token;

    /** Checks the {@code Authorization} header. */
    @ServerRequestFilter
    public Optional<RestResponse<ErrorBody>> authenticate(ContainerRequestContext request) {
        try {
            token.get().check(request.getHeaderString("Authorization"));
            return Optional.empty();
        } catch (UnauthenticatedException e) {
            return Optional.of(RestErrorMapper.toResponse(e));
        }
    }
}
