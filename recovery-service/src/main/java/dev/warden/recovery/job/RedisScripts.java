package dev.warden.recovery.job;

/**
 * The Lua scripts that change a job: each runs atomically in Redis, so a state change, its event (with the
 * next sequence number) and the state indexes never disagree, whatever replicas do at the same time. Event
 * stream ids are {@code 0-<sequence>}: sequence numbers start at 1 and strictly increase. State index keys
 * are built from the prefix inside the scripts (one Redis server, not a cluster).
 */
final class RedisScripts {

    private RedisScripts() {
    }

    /** Moves a job to a terminal state with its last event; shared by {@link #FINISH} and {@link #CANCEL}. */
    private static final String FINISH_FUNCTION = """
            local function finish(job, events, prefix, id, old, new, event, now, report, reason)
              redis.call('HSET', job, 'state', new, 'finished_at', now, 'cancel_requested', '0',
                'failure_reason', reason)
              if report ~= '' then redis.call('HSET', job, 'report', report) end
              redis.call('ZREM', prefix .. 'state:' .. old, id)
              redis.call('ZADD', prefix .. 'state:' .. new, 0, id)
              local seq = redis.call('HINCRBY', job, 'seq', 1)
              redis.call('XADD', events, '0-' .. seq, 'e', event, 's', new)
              redis.call('HSET', job, 'progress', event, 'progress_seq', seq, 'progress_state', new)
              if new ~= 'SUCCEEDED' then
                local out = redis.call('HGET', job, 'output_key')
                if out and redis.call('GET', out) == id then redis.call('DEL', out) end
              end
              return seq
            end
            """;

    /**
     * Creates a queued job. KEYS: job, events, index, state:QUEUED, queue, idempotency ('' for none), output.
     * ARGV: id, spec json, spec hash, idempotency key, created ms, first event json.
     * Returns {created, id}, {idem, earlier id} or {output, holder id}.
     */
    static final String SUBMIT = """
            if KEYS[6] ~= '' then
              local existing = redis.call('GET', KEYS[6])
              if existing then return {'idem', existing} end
            end
            local holder = redis.call('GET', KEYS[7])
            if holder then return {'output', holder} end
            redis.call('HSET', KEYS[1], 'state', 'QUEUED', 'spec', ARGV[2], 'spec_hash', ARGV[3],
              'idempotency_key', ARGV[4], 'created_at', ARGV[5], 'attempts', '0', 'cancel_requested', '0',
              'seq', '1', 'progress', ARGV[6], 'progress_seq', '1', 'progress_state', 'QUEUED',
              'output_key', KEYS[7])
            redis.call('XADD', KEYS[2], '0-1', 'e', ARGV[6], 's', 'QUEUED')
            redis.call('ZADD', KEYS[3], 0, ARGV[1])
            redis.call('ZADD', KEYS[4], 0, ARGV[1])
            if KEYS[6] ~= '' then redis.call('SET', KEYS[6], ARGV[1]) end
            redis.call('SET', KEYS[7], ARGV[1])
            redis.call('XADD', KEYS[5], '*', 'job', ARGV[1])
            return {'created', ARGV[1]}
            """;

    /**
     * A worker starts (or restarts) a job. KEYS: job. ARGV: prefix, id, consumer, now ms, max attempts.
     * Returns {missing}, {terminal, state}, {exhausted, attempts} or {started, attempts, cancel_requested}.
     */
    static final String START = """
            local state = redis.call('HGET', KEYS[1], 'state')
            if not state then return {'missing'} end
            if state ~= 'QUEUED' and state ~= 'RUNNING' then return {'terminal', state} end
            local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0')
            if attempts >= tonumber(ARGV[5]) then return {'exhausted', tostring(attempts)} end
            attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
            redis.call('HSET', KEYS[1], 'state', 'RUNNING', 'owner', ARGV[3])
            redis.call('HSETNX', KEYS[1], 'started_at', ARGV[4])
            if state == 'QUEUED' then
              redis.call('ZREM', ARGV[1] .. 'state:QUEUED', ARGV[2])
              redis.call('ZADD', ARGV[1] .. 'state:RUNNING', 0, ARGV[2])
            end
            return {'started', tostring(attempts), redis.call('HGET', KEYS[1], 'cancel_requested') or '0'}
            """;

    /**
     * The owner of a running job records a progress event (and a step row). KEYS: job, events, steps.
     * ARGV: consumer, event json, step ('' for none), row json. Returns the sequence, or 0 when the job is
     * not running or another worker owns it now.
     */
    static final String APPEND = """
            if redis.call('HGET', KEYS[1], 'state') ~= 'RUNNING' then return 0 end
            if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
            local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
            redis.call('XADD', KEYS[2], '0-' .. seq, 'e', ARGV[2], 's', 'RUNNING')
            redis.call('HSET', KEYS[1], 'progress', ARGV[2], 'progress_seq', seq, 'progress_state', 'RUNNING')
            if ARGV[3] ~= '' then redis.call('HSET', KEYS[3], ARGV[3], ARGV[4]) end
            return seq
            """;

    /**
     * Ends a job. KEYS: job, events. ARGV: prefix, id, consumer ('*' for any owner), new state, event json,
     * now ms, report json ('' for none), failure reason. Returns {missing}, {terminal, state}, {lost} or
     * {finished, sequence}.
     */
    static final String FINISH = FINISH_FUNCTION + """
            local state = redis.call('HGET', KEYS[1], 'state')
            if not state then return {'missing'} end
            if state ~= 'QUEUED' and state ~= 'RUNNING' then return {'terminal', state} end
            if ARGV[3] ~= '*' and redis.call('HGET', KEYS[1], 'owner') ~= ARGV[3] then return {'lost'} end
            local seq = finish(KEYS[1], KEYS[2], ARGV[1], ARGV[2], state, ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8])
            return {'finished', tostring(seq)}
            """;

    /**
     * Cancels a job. KEYS: job, events. ARGV: prefix, id, event json of a cancelled queued job, event json of
     * a cancel request, now ms. Returns {missing}, {cancelled}, {requested}, {already}, {unchanged} or
     * {conflict, state}.
     */
    static final String CANCEL = FINISH_FUNCTION + """
            local state = redis.call('HGET', KEYS[1], 'state')
            if not state then return {'missing'} end
            if state == 'QUEUED' then
              finish(KEYS[1], KEYS[2], ARGV[1], ARGV[2], state, 'CANCELLED', ARGV[3], ARGV[5], '', '')
              return {'cancelled'}
            end
            if state == 'RUNNING' then
              if redis.call('HGET', KEYS[1], 'cancel_requested') == '1' then return {'already'} end
              redis.call('HSET', KEYS[1], 'cancel_requested', '1')
              local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
              redis.call('XADD', KEYS[2], '0-' .. seq, 'e', ARGV[4], 's', 'RUNNING')
              redis.call('HSET', KEYS[1], 'progress', ARGV[4], 'progress_seq', seq, 'progress_state', 'RUNNING')
              return {'requested'}
            end
            if state == 'CANCELLED' then return {'unchanged'} end
            return {'conflict', state}
            """;

    /**
     * Refreshes a worker's claim on its queue entry (resets the idle time) if it still holds it.
     * KEYS: queue. ARGV: group, entry id, consumer. Returns 1, or 0 when another consumer holds it now.
     */
    static final String REFRESH_CLAIM = """
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
            if #p == 0 or p[1][2] ~= ARGV[3] then return 0 end
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'JUSTID')
            return 1
            """;
}
