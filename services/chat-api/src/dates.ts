/**
 * The one strict check of the date-times and dates the APIs accept (ISO 8601 as RFC 3339 profiles
 * it, which is how the Botpress API documents its `date-time` fields): `YYYY-MM-DDTHH:MM:SS[.fff]`
 * then `Z` or `±HH:MM`, a real calendar day, a year 0001–9999 (before and after the offset is
 * applied) and an offset of at most ±15:59 (Postgres's limit). Anything looser reaches Postgres as a
 * value it rejects (a 500), or is stored as a date nobody sent (`Date.parse('1')` is 2001-01-01).
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** What a failed check says, after the field's name. */
export const DATE_TIME_MESSAGE =
  'must be an ISO 8601 date-time such as 2024-05-01T12:00:00Z (year 0001-9999, zone Z or ±HH:MM)'
/** What a failed date check says, after the field's name. */
export const DATE_MESSAGE = 'must be a date YYYY-MM-DD (year 0001-9999)'

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
  return day <= days
}

/** True when `s` is a date-time this API accepts (see the module's comment). */
export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s)
  if (!m) return false
  const [y, mo, d, h, mi, se, , oh, om] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)))
  if (!isCalendarDay(y!, mo!, d!) || h! > 23 || mi! > 59 || se! > 59 || oh! > 15 || om! > 59) return false
  const utcYear = new Date(s).getUTCFullYear()
  return utcYear >= 1 && utcYear <= 9999
}

/** True when `s` is a calendar date `YYYY-MM-DD` with a year 0001–9999. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s)
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))
}
