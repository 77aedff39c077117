import { withTransaction, type Pool, type Queryable } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { BotLifecycleNotice, NatsNames } from '@switchboard/nats'
import { newId } from '../ids.js'
import { enqueue } from '../outbox/outbox.js'
import { parseRecurringEvents, syncRecurringEvents } from '../schedule/recurring-events.js'
import { putBundle } from './bundles.js'

/** A bot: runs a bundle in a sandbox, or is an external endpoint. */
export interface BotRecord {
  id: string
  name: string
  bundleSha256: string | null
  endpointUrl: string | null
  createdAt: string
  updatedAt: string
}

interface Row {
  id: string
  name: string
  bundle_sha256: string | null
  endpoint_url: string | null
  created_at: Date
  updated_at: Date
}

function toRecord(r: Row): BotRecord {
  return {
    id: r.id,
    name: r.name,
    bundleSha256: r.bundle_sha256,
    endpointUrl: r.endpoint_url,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

/** Input of `putBot`. A bot with neither bundle nor endpoint is allowed (driven by external tokens). */
export interface PutBotInput {
  name: string
  bundle?: Buffer
  endpointUrl?: string
  /** The bot definition; its `recurringEvents` replace the bot's (undefined = unchanged). */
  definition?: unknown
}

/** What deploying and deleting bots needs: the pool, NATS names for the lifecycle notice, the outbox kick. */
export interface BotDeps {
  pool: Pool
  names: NatsNames
  onOutbox: () => void
  /** Wakes the scheduler for a delivery due at `at`. */
  onScheduled?: (at: Date) => void
}

/** Enqueues the bot's `register` (after a `ping`) or `unregister`, in the caller's transaction. */
async function enqueueBotLifecycle(
  tx: Queryable,
  names: NatsNames,
  kind: BotLifecycleNotice['kind'],
  r: Row,
) {
  const notice: BotLifecycleNotice = {
    kind,
    bot: { id: r.id, name: r.name, bundleSha256: r.bundle_sha256, endpointUrl: r.endpoint_url },
  }
  await enqueue(tx, names.subjects.botLifecycle(r.id), notice)
}

/**
 * Creates a bot, or updates the one with this name. A bot that runs something (a bundle or an
 * endpoint) is registered whenever that changes: its `ping` and `register` handlers run. With a
 * definition, its `recurringEvents` are scheduled (docs/adr/0008-scheduling.md).
 */
export async function putBot(deps: BotDeps, input: PutBotInput): Promise<BotRecord> {
  if (!/^[a-z][a-z0-9-]{1,99}$/.test(input.name)) {
    throw new InvalidInputError(
      `name: ${JSON.stringify(input.name)} must be 2-100 lowercase letters, digits or '-'`,
    )
  }
  if (input.bundle?.length && input.endpointUrl)
    throw new InvalidInputError('a bot has a bundle or an endpoint, not both')
  if (input.endpointUrl && !/^https?:\/\//.test(input.endpointUrl)) {
    throw new InvalidInputError('endpoint.url: must be an http(s) URL')
  }
  const recurring = input.definition === undefined ? undefined : parseRecurringEvents(input.definition)
  return withTransaction(deps.pool, async (tx, afterCommit) => {
    const sha = input.bundle?.length ? await putBundle(tx, input.bundle) : null
    const { rows: before } = await tx.query<Row>(`SELECT * FROM bots WHERE name = $1 FOR UPDATE`, [
      input.name,
    ])
    const { rows } = await tx.query<Row>(
      `INSERT INTO bots (id, name, bundle_sha256, endpoint_url) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET bundle_sha256 = EXCLUDED.bundle_sha256,
         endpoint_url = EXCLUDED.endpoint_url, updated_at = now()
       RETURNING *`,
      [newId('bot'), input.name, sha, input.endpointUrl || null],
    )
    const bot = rows[0]!
    const runs = bot.bundle_sha256 || bot.endpoint_url
    const changed =
      before[0]?.bundle_sha256 !== bot.bundle_sha256 || before[0]?.endpoint_url !== bot.endpoint_url
    if (runs && changed) {
      await enqueueBotLifecycle(tx, deps.names, 'bot_register', bot)
      afterCommit(deps.onOutbox)
    }
    if (recurring) {
      const first = await syncRecurringEvents(tx, bot.id, recurring)
      if (first) afterCommit(() => deps.onScheduled?.(first))
    }
    return toRecord(bot)
  })
}

/** Finds a bot by id or name. */
export async function getBot(db: Queryable, by: { id?: string; name?: string }): Promise<BotRecord> {
  if (!by.id && !by.name) throw new InvalidInputError('give a bot id or name')
  const { rows } = by.id
    ? await db.query<Row>(`SELECT * FROM bots WHERE id = $1`, [by.id])
    : await db.query<Row>(`SELECT * FROM bots WHERE name = $1`, [by.name])
  if (!rows[0]) throw new NotFoundError(`bot ${by.id ?? by.name}`)
  return toRecord(rows[0])
}

/** Lists bots by name. */
export async function listBots(db: Queryable): Promise<BotRecord[]> {
  const { rows } = await db.query<Row>(`SELECT * FROM bots ORDER BY name`)
  return rows.map(toRecord)
}

/**
 * Deletes a bot and everything it owns (installations, conversations, users, messages, states); a
 * bot that ran something gets its `unregister` handler run.
 */
export async function deleteBot(deps: BotDeps, id: string): Promise<void> {
  await withTransaction(deps.pool, async (tx, afterCommit) => {
    const { rows } = await tx.query<Row>(`DELETE FROM bots WHERE id = $1 RETURNING *`, [id])
    if (!rows[0]) throw new NotFoundError(`bot ${id}`)
    if (rows[0].bundle_sha256 || rows[0].endpoint_url) {
      await enqueueBotLifecycle(tx, deps.names, 'bot_unregister', rows[0])
      afterCommit(deps.onOutbox)
    }
  })
}
