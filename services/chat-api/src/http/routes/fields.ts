import { z } from 'zod'
import { PAYLOAD_TOO_LARGE, payloadFits } from '../../chat/payload-size.js'
import { DATE_MESSAGE, DATE_TIME_MESSAGE, isDate, isDateTime } from '../../dates.js'

/** Field schemas shared by the route modules, with the spec's limits (`@botpress/api` 1.70.2). */
export const fields = {
  /** Tags as written: values up to 500 characters. */
  tags: z.record(z.string(), z.string().max(500)),
  /** Tags in an update: `null` or `''` removes the key. */
  tagsUpdate: z.record(z.string(), z.string().max(500).nullable()),
  /** Query-string tag filters (`tags.key=value`). */
  tagFilter: z.record(z.string(), z.string()),
  /** A JSON object payload, at most `MAX_PAYLOAD_BYTES` serialised: the one check every door uses. */
  jsonObject: z.record(z.string(), z.unknown()).refine(payloadFits, { message: PAYLOAD_TOO_LARGE }),
  /** An id of an object in a body (the spec's ids are 28-36 characters; ours are shorter-checked in SQL). */
  id: z.string().min(1).max(100),
  /** An ISO 8601 date-time with a zone (`Z` or an offset) that Postgres can store (`dates.ts`). */
  dateTime: z.string().refine(isDateTime, { message: DATE_TIME_MESSAGE }),
  /** A calendar date `YYYY-MM-DD` that Postgres can store (`dates.ts`). */
  date: z.string().refine(isDate, { message: DATE_MESSAGE }),
  discriminateByTags: z.array(z.string().max(500)).max(50),
  nextToken: z.string().max(1000).optional(),
  /** A repeated query parameter (`status=a&status=b`), or one value, as an array. */
  repeated: <T extends z.ZodType>(item: T) =>
    z.preprocess(
      (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]),
      z.array(item).max(50).optional(),
    ),
}
