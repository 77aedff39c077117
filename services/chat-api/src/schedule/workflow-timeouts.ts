import { announceWorkflowUpdate } from '../chat/workflow-updates.js'
import type { ChatDeps } from '../chat/deps.js'
import { workflowView, type WorkflowRow } from '../chat/workflows.js'
import { earliest } from './due-events.js'
import type { DueWork } from './scheduler.js'

const UNFINISHED = `status IN ('pending', 'in_progress', 'listening', 'paused')`

/**
 * Workflows still running at their `timeoutAt`: each is marked `timedout` and the bot's
 * workflowTimeout handler is sent a `workflow_update` (`workflow_timedout`), in one transaction.
 */
export function timedOutWorkflows(deps: Pick<ChatDeps, 'names'>): DueWork {
  return {
    name: 'workflow timeouts',
    async deliverOne(tx) {
      const { rows } = await tx.query<WorkflowRow>(
        `UPDATE workflows SET status = 'timedout', completed_at = now_ms(), updated_at = now_ms()
         WHERE id = (SELECT id FROM workflows WHERE ${UNFINISHED} AND timeout_at <= now()
                     ORDER BY timeout_at LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
      )
      const row = rows[0]
      if (!row) return false
      const view = workflowView({ kind: 'bot', botId: row.bot_id }, row)
      await announceWorkflowUpdate(tx, deps, { ...row, view }, 'workflow_timedout')
      return true
    },
    nextDue: (db) => earliest(db, `SELECT min(timeout_at) AS at FROM workflows WHERE ${UNFINISHED}`),
  }
}
