import type { Queryable } from '@switchboard/db'
import { InvalidInputError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import type { ChatDeps } from './deps.js'

/**
 * The most one counter holds in a day: JavaScript's largest exact integer, so what is read back is
 * what was added (and a sum over `ANALYTICS_MAX_DAYS` days still fits the bigint).
 */
export const ANALYTICS_MAX_COUNT = Number.MAX_SAFE_INTEGER

/**
 * Adds `count` (1 to `ANALYTICS_MAX_COUNT`) to the caller's bot's counter `name` for today (UTC),
 * atomically: concurrent calls add up, none is lost. An addition that would take the day's counter
 * past `ANALYTICS_MAX_COUNT` is refused with a 400 and changes nothing (no saturation: a counter
 * that silently stops counting would lie); smaller additions still fit, and tomorrow starts at 0.
 */
export async function trackAnalytics(
  deps: ChatDeps,
  caller: Caller,
  input: { name: string; count: number },
): Promise<void> {
  const { rowCount } = await deps.pool.query(
    `INSERT INTO analytics_counts (bot_id, name, day, count) VALUES ($1, $2, (now() AT TIME ZONE 'UTC')::date, $3)
     ON CONFLICT (bot_id, name, day) DO UPDATE SET count = analytics_counts.count + EXCLUDED.count, updated_at = now_ms()
     WHERE analytics_counts.count + EXCLUDED.count <= $4`,
    [caller.botId, input.name, input.count, ANALYTICS_MAX_COUNT],
  )
  if (rowCount === 0)
    throw new InvalidInputError(
      `count: counter ${JSON.stringify(input.name)} would pass ${ANALYTICS_MAX_COUNT} today; it is left as it was`,
    )
}

/** One counter of a bot over a period. */
export interface AnalyticsCount {
  name: string
  count: number
}

/**
 * A bot's analytics counters summed over the UTC days `from`..`to` (inclusive, `YYYY-MM-DD`; both
 * optional), by name. This is how the counts kept by `trackAnalytics` are read back.
 */
export async function analyticsCounts(
  db: Queryable,
  botId: string,
  range: { from?: string; to?: string } = {},
): Promise<AnalyticsCount[]> {
  const { rows } = await db.query<{ name: string; count: string }>(
    `SELECT name, sum(count)::bigint AS count FROM analytics_counts
      WHERE bot_id = $1 AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
      GROUP BY name ORDER BY name`,
    [botId, range.from ?? null, range.to ?? null],
  )
  return rows.map((r) => ({ name: r.name, count: Number(r.count) }))
}

/** Most days one `getBotAnalytics` call covers. */
export const ANALYTICS_MAX_DAYS = 366

/** One UTC day of a bot's activity, in the shape of the admin API's `getBotAnalytics` records. */
export interface AnalyticsRecord {
  startDateTimeUtc: string
  endDateTimeUtc: string
  /** Users created before the day who wrote that day. */
  returningUsers: number
  /** Users created that day (the bot's own users behind ctx.botUserId are not counted). */
  newUsers: number
  /** Conversations with at least one message that day. */
  sessions: number
  messages: number
  userMessages: number
  botMessages: number
  events: number
  eventTypes: Record<string, number>
  /** The `trackAnalytics` counters. */
  customEvents: Record<string, number>
  /** Switchboard makes no LLM calls of its own: always zero. */
  llm: {
    calls: number
    errors: number
    inputTokens: number
    outputTokens: number
    latency: { mean: number; sd: number; min: number; max: number }
    tokensPerSecond: { mean: number; sd: number; min: number; max: number }
    cost: { sum: number; mean: number; sd: number; min: number; max: number }
  }
}

const ZERO = { mean: 0, sd: 0, min: 0, max: 0 }

/**
 * A bot's activity per UTC day from `startDate` to `endDate` (`YYYY-MM-DD`, inclusive): messages by
 * direction, new and returning users, conversations active, events by type, and the `trackAnalytics`
 * counters, all counted from what chat-api stores.
 */
export async function botAnalytics(
  db: Queryable,
  botId: string,
  startDate: string,
  endDate: string,
): Promise<AnalyticsRecord[]> {
  const { rows } = await db.query<{
    day: string
    messages: number
    user_messages: number
    bot_messages: number
    sessions: number
    new_users: number
    returning_users: number
    events: number
    event_types: Record<string, number> | null
    custom: Record<string, number> | null
  }>(
    `WITH days AS (
       SELECT d::date AS day, d AS start_at, d + interval '1 day' AS end_at
         FROM generate_series($2::date::timestamp AT TIME ZONE 'UTC', $3::date::timestamp AT TIME ZONE 'UTC', interval '1 day') d)
     SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
       (SELECT count(*)::int FROM messages m WHERE m.bot_id = $1 AND m.created_at >= start_at AND m.created_at < end_at) AS messages,
       (SELECT count(*)::int FROM messages m WHERE m.bot_id = $1 AND m.direction = 'incoming' AND m.created_at >= start_at AND m.created_at < end_at) AS user_messages,
       (SELECT count(*)::int FROM messages m WHERE m.bot_id = $1 AND m.direction = 'outgoing' AND m.created_at >= start_at AND m.created_at < end_at) AS bot_messages,
       (SELECT count(DISTINCT m.conversation_id)::int FROM messages m WHERE m.bot_id = $1 AND m.created_at >= start_at AND m.created_at < end_at) AS sessions,
       (SELECT count(*)::int FROM users u WHERE u.bot_id = $1 AND u.created_at >= start_at AND u.created_at < end_at
          AND NOT EXISTS (SELECT 1 FROM installations i WHERE i.bot_user_id = u.id)) AS new_users,
       (SELECT count(DISTINCT m.user_id)::int FROM messages m JOIN users u ON u.id = m.user_id
          WHERE m.bot_id = $1 AND m.direction = 'incoming' AND m.created_at >= start_at AND m.created_at < end_at
            AND u.created_at < start_at) AS returning_users,
       (SELECT count(*)::int FROM events e WHERE e.bot_id = $1 AND e.created_at >= start_at AND e.created_at < end_at) AS events,
       (SELECT jsonb_object_agg(t.type, t.n) FROM (SELECT e.type, count(*)::int AS n FROM events e
          WHERE e.bot_id = $1 AND e.created_at >= start_at AND e.created_at < end_at GROUP BY e.type) t) AS event_types,
       (SELECT jsonb_object_agg(a.name, a.count) FROM analytics_counts a WHERE a.bot_id = $1 AND a.day = days.day) AS custom
     FROM days ORDER BY days.day`,
    [botId, startDate, endDate],
  )
  return rows.map((r) => {
    const start = new Date(`${r.day}T00:00:00.000Z`)
    return {
      startDateTimeUtc: start.toISOString(),
      endDateTimeUtc: new Date(start.getTime() + 86_400_000).toISOString(),
      returningUsers: r.returning_users,
      newUsers: r.new_users,
      sessions: r.sessions,
      messages: r.messages,
      userMessages: r.user_messages,
      botMessages: r.bot_messages,
      events: r.events,
      eventTypes: r.event_types ?? {},
      customEvents: Object.fromEntries(Object.entries(r.custom ?? {}).map(([k, v]) => [k, Number(v)])),
      llm: {
        calls: 0,
        errors: 0,
        inputTokens: 0,
        outputTokens: 0,
        latency: ZERO,
        tokensPerSecond: ZERO,
        cost: { sum: 0, ...ZERO },
      },
    }
  })
}
