import type { Queryable } from '@switchboard/db'
import type { Caller } from '../auth/caller.js'
import type { ChatDeps } from './deps.js'

/**
 * Adds `count` to the caller's bot's counter `name` for today (UTC), atomically: concurrent calls
 * add up, none is lost.
 */
export async function trackAnalytics(
  deps: ChatDeps,
  caller: Caller,
  input: { name: string; count: number },
): Promise<void> {
  await deps.pool.query(
    `INSERT INTO analytics_counts (bot_id, name, day, count) VALUES ($1, $2, (now() AT TIME ZONE 'UTC')::date, $3)
     ON CONFLICT (bot_id, name, day) DO UPDATE SET count = analytics_counts.count + EXCLUDED.count, updated_at = now_ms()`,
    [caller.botId, input.name, input.count],
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
