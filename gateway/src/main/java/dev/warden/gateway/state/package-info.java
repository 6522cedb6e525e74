/**
 * The gateway's access to Redis, shared by API keys ({@code auth}), rate limits ({@code ratelimit}) and the
 * audit stream ({@code audit}): one {@link dev.warden.gateway.state.RedisState} holds the asynchronous
 * client, the key {@link dev.warden.gateway.state.RedisNamespace} and the per-call timeout; Lua scripts run
 * as {@link dev.warden.gateway.state.RedisScript} (EVALSHA, EVAL when the server does not know the script).
 * Every failure of Redis reaches the caller as a
 * {@link dev.warden.gateway.state.StateUnavailableException}, on which the request pipeline applies the
 * tenant's fail-open or fail-closed policy. Nothing here blocks a thread.
 */
package dev.warden.gateway.state;
