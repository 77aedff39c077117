import { withTransaction, type Queryable } from '@switchboard/db'
import { ForbiddenError, InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Caller } from '../auth/caller.js'
import { newId } from '../ids.js'
import { loadConversation, loadUser } from './access.js'
import type { ChatDeps } from './deps.js'
import { checkPayloadSize } from './payload-size.js'
import { loadTask } from './tasks.js'
import { loadWorkflow } from './workflows.js'
import { stateView, type StateRow, type StateView } from './views.js'

/** State owners the Runtime API knows. */
export const STATE_TYPES = ['conversation', 'user', 'bot', 'integration', 'workflow', 'task'] as const
/** One of `STATE_TYPES`. */
export type StateType = (typeof STATE_TYPES)[number]

/** The longest idle expiry the spec allows: 30 days. */
export const MAX_STATE_EXPIRY_MS = 2_592_000_000

/** Identifies one state: its owner (type + id) and name. */
export interface StateKey {
  type: string
  id: string
  name: string
}

const LIVE = `(expires_at IS NULL OR expires_at > now())`
/** Restarts a state's idle timer: it expires `expiry_ms` after its last use (the spec's idle expiry). */
const TOUCH = `expires_at = CASE WHEN expiry_ms IS NULL THEN NULL
  ELSE now_ms() + expiry_ms * interval '1 millisecond' END`

/** Checks the caller may touch states of this owner; another tenant's owner is a 404. */
async function checkOwner(db: Queryable, caller: Caller, key: StateKey): Promise<StateType> {
  // A plugin's states are `<alias>#<name>`, as @botpress/sdk names them.
  if (!/^[A-Za-z0-9_#-]{1,200}$/.test(key.name))
    throw new InvalidInputError(`name: invalid state name ${JSON.stringify(key.name)}`)
  switch (key.type) {
    case 'conversation':
      await loadConversation(db, caller, key.id)
      return 'conversation'
    case 'user':
      await loadUser(db, caller, key.id)
      return 'user'
    case 'bot':
      if (key.id !== caller.botId) throw new NotFoundError(`Bot ${key.id}`)
      // As in @botpress/sdk: a bot's states are its own; integrations have 'integration' states.
      if (caller.kind === 'integration') throw new ForbiddenError('bot states are readable only by the bot')
      return 'bot'
    case 'workflow':
      await loadWorkflow(db, caller, key.id)
      return 'workflow'
    case 'task':
      await loadTask(db, caller, key.id)
      return 'task'
    case 'integration':
      if (caller.kind === 'integration' ? key.id !== caller.installation.integrationId : true) {
        throw new ForbiddenError('integration states are readable only by that integration')
      }
      return 'integration'
    default:
      throw new InvalidInputError(
        `type: state type ${JSON.stringify(key.type)} is not supported (${STATE_TYPES.join(', ')})`,
      )
  }
}

function checkExpiry(expiry: number | null | undefined): number | null {
  if (expiry === undefined || expiry === null) return null
  if (!Number.isInteger(expiry) || expiry <= 0 || expiry > MAX_STATE_EXPIRY_MS)
    throw new InvalidInputError(
      `expiry: must be a whole number of milliseconds from 1 to ${MAX_STATE_EXPIRY_MS} (30 days)`,
    )
  return expiry
}

/** The live state, its idle timer restarted by this use; undefined when there is none (or it expired). */
async function useLive(
  db: Queryable,
  botId: string,
  type: string,
  key: StateKey,
): Promise<StateRow | undefined> {
  const { rows } = await db.query<StateRow>(
    `UPDATE states SET ${TOUCH}
     WHERE bot_id = $1 AND type = $2 AND owner_id = $3 AND name = $4 AND ${LIVE} RETURNING *`,
    [botId, type, key.id, key.name],
  )
  return rows[0]
}

/** Reads a state; an expired state is gone (404). Reading counts as use: it restarts the idle timer. */
export async function getState(deps: ChatDeps, caller: Caller, key: StateKey): Promise<StateView> {
  const type = await checkOwner(deps.pool, caller, key)
  const row = await useLive(deps.pool, caller.botId, type, key)
  if (!row) throw new NotFoundError(`State ${key.type}/${key.id}/${key.name}`)
  return stateView(row)
}

/**
 * Sets (creates or replaces) a state. `expiry` is milliseconds from now; the state is gone after it.
 * A `null` payload deletes the state.
 */
export async function setState(
  deps: ChatDeps,
  caller: Caller,
  key: StateKey,
  input: { payload: Record<string, unknown> | null; expiry?: number | null },
): Promise<StateView> {
  const type = await checkOwner(deps.pool, caller, key)
  const expiry = checkExpiry(input.expiry)
  if (input.payload === null) {
    const { rows } = await deps.pool.query<StateRow>(
      `DELETE FROM states WHERE bot_id = $1 AND type = $2 AND owner_id = $3 AND name = $4 RETURNING *`,
      [caller.botId, type, key.id, key.name],
    )
    if (!rows[0]) throw new NotFoundError(`State ${key.type}/${key.id}/${key.name}`)
    return stateView({ ...rows[0], payload: null })
  }
  const { rows } = await deps.pool.query<StateRow>(
    `INSERT INTO states (id, bot_id, type, owner_id, name, payload, expiry_ms, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, now_ms() + $7::bigint * interval '1 millisecond')
     ON CONFLICT (bot_id, type, owner_id, name) DO UPDATE SET payload = EXCLUDED.payload,
       expiry_ms = EXCLUDED.expiry_ms, expires_at = EXCLUDED.expires_at, updated_at = now_ms(),
       created_at = CASE WHEN states.expires_at <= now() THEN now_ms() ELSE states.created_at END
     RETURNING *`,
    [newId('state'), caller.botId, type, key.id, key.name, input.payload, expiry],
  )
  return expiring(deps, rows[0]!)
}

/** The state's view, after telling the scheduler when it expires (it sends `state_expired` then). */
function expiring(deps: ChatDeps, row: StateRow): StateView {
  if (row.expires_at) deps.onScheduled?.(row.expires_at)
  return stateView(row)
}

/** Returns the live state, or sets it to `payload` when there is none. Atomic under concurrency. */
export async function getOrSetState(
  deps: ChatDeps,
  caller: Caller,
  key: StateKey,
  input: { payload: Record<string, unknown>; expiry?: number | null },
): Promise<StateView> {
  const type = await checkOwner(deps.pool, caller, key)
  const expiry = checkExpiry(input.expiry)
  // Insert, or take over an expired row; a live row is left alone and read below.
  await deps.pool.query(
    `INSERT INTO states (id, bot_id, type, owner_id, name, payload, expiry_ms, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, now_ms() + $7::bigint * interval '1 millisecond')
     ON CONFLICT (bot_id, type, owner_id, name) DO UPDATE SET payload = EXCLUDED.payload,
       expiry_ms = EXCLUDED.expiry_ms, expires_at = EXCLUDED.expires_at, updated_at = now_ms(), created_at = now_ms()
     WHERE states.expires_at IS NOT NULL AND states.expires_at <= now()`,
    [newId('state'), caller.botId, type, key.id, key.name, input.payload, expiry],
  )
  const row = await useLive(deps.pool, caller.botId, type, key)
  if (!row) throw new NotFoundError(`State ${key.type}/${key.id}/${key.name}`)
  return expiring(deps, row)
}

/**
 * Sets how long a state may stay idle before it expires (`setStateExpiry`); `null` makes it permanent.
 * The timer restarts now. 404 when there is no live state.
 */
export async function setStateExpiry(
  deps: ChatDeps,
  caller: Caller,
  key: StateKey,
  input: { expiry: number | null },
): Promise<StateView> {
  const type = await checkOwner(deps.pool, caller, key)
  const expiry = checkExpiry(input.expiry)
  const { rows } = await deps.pool.query<StateRow>(
    `UPDATE states SET expiry_ms = $5::bigint, updated_at = now_ms(),
       expires_at = now_ms() + $5::bigint * interval '1 millisecond'
     WHERE bot_id = $1 AND type = $2 AND owner_id = $3 AND name = $4 AND ${LIVE} RETURNING *`,
    [caller.botId, type, key.id, key.name, expiry],
  )
  if (!rows[0]) throw new NotFoundError(`State ${key.type}/${key.id}/${key.name}`)
  return expiring(deps, rows[0])
}

/**
 * Merges `payload` into a live state's payload (shallow); 404 when there is none, 400 when the
 * merged payload would be over the limit of any payload (it is then left as it was).
 */
export async function patchState(
  deps: ChatDeps,
  caller: Caller,
  key: StateKey,
  input: { payload: Record<string, unknown>; expiry?: number | null },
): Promise<StateView> {
  const type = await checkOwner(deps.pool, caller, key)
  const expiry = input.expiry === undefined ? undefined : checkExpiry(input.expiry)
  const row = await withTransaction(deps.pool, async (tx) => {
    const { rows } = await tx.query<StateRow>(
      `UPDATE states SET payload = payload || $5::jsonb, updated_at = now_ms(),
       expiry_ms = CASE WHEN $6::boolean THEN $7::bigint ELSE expiry_ms END,
       expires_at = CASE WHEN $6::boolean THEN now_ms() + $7::bigint * interval '1 millisecond'
         WHEN expiry_ms IS NULL THEN NULL ELSE now_ms() + expiry_ms * interval '1 millisecond' END
     WHERE bot_id = $1 AND type = $2 AND owner_id = $3 AND name = $4 AND ${LIVE} RETURNING *`,
      [caller.botId, type, key.id, key.name, input.payload, expiry !== undefined, expiry ?? null],
    )
    if (!rows[0]) throw new NotFoundError(`State ${key.type}/${key.id}/${key.name}`)
    // Throwing rolls the merge back.
    checkPayloadSize('payload (merged into the state)', rows[0].payload)
    return rows[0]
  })
  return expiring(deps, row)
}
