import { Cron } from 'croner'

/**
 * The next time after `after` that a cron expression names: standard five fields (minute hour
 * day-of-month month day-of-week, as bot definitions' `recurringEvents` use), or six with seconds
 * first. Null when it names no future time; throws on an expression that does not parse.
 */
export function nextCronTime(expression: string, after = new Date()): Date | null {
  return new Cron(expression, { paused: true, timezone: 'UTC' }).nextRun(after)
}
