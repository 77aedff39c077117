import { InvalidInputError } from '@switchboard/errors'

/** `schedule` of `createMessage` and `createEvent`, as @botpress/api's runtime spec defines it. */
export interface ScheduleInput {
  /** When to deliver, ISO 8601 (24 to 28 characters). */
  dateTime?: string
  /** Milliseconds from now. */
  delay?: number
}

/** The longest a delivery may be scheduled ahead: one year. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 3600 * 1000

/**
 * The time a scheduled delivery is due, from `dateTime` or `delay` (exactly one of them). A time in the
 * past is due at once. Throws a 400 naming the field on anything else.
 */
export function dueTime(schedule: ScheduleInput, now = Date.now()): Date {
  const { dateTime, delay } = schedule
  if ((dateTime === undefined) === (delay === undefined))
    throw new InvalidInputError('schedule: exactly one of schedule.dateTime and schedule.delay must be given')
  if (delay !== undefined) {
    if (!Number.isFinite(delay) || delay < 0)
      throw new InvalidInputError('schedule.delay: must be a number of milliseconds, 0 or more')
    if (delay > MAX_SCHEDULE_AHEAD_MS)
      throw new InvalidInputError('schedule.delay: must be at most one year ahead')
    return new Date(now + Math.floor(delay))
  }
  const at = Date.parse(dateTime!)
  if (!/^\d{4}-\d{2}-\d{2}T/.test(dateTime!) || Number.isNaN(at))
    throw new InvalidInputError('schedule.dateTime: must be an ISO 8601 date and time')
  if (at - now > MAX_SCHEDULE_AHEAD_MS)
    throw new InvalidInputError('schedule.dateTime: must be at most one year ahead')
  return new Date(at)
}
