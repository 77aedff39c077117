import type { Pool, Queryable } from '@switchboard/db'
import { InvalidInputError, NotFoundError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import type { AsyncService, secrets } from '@switchboard/proto'
import { AUDIT_LIMIT, listAudit } from '../access/audit.js'
import type { Caller, CallMetadata } from '../access/identities.js'
import { open, seal, type RecordIdentity, type RecordKind } from '../crypto/envelope.js'
import type { KeyRing } from '../crypto/keyring.js'
import type { SecretsMetrics } from '../metrics.js'
import { deleteRecord, getRecord, putRecord, type StoredRecord } from '../store/records.js'
import { rotateRecords } from '../store/rotation.js'
import { validateConfiguration } from '../validation/configuration.js'
import { requireSubjectId } from '../validation/input.js'
import type { SchemaCache } from '@switchboard/schema'
import { validateIntegrationSecrets } from '../validation/secrets.js'
import { auditedCalls } from './audited-call.js'

/** What the SecretsService handlers need. */
export interface SecretsServiceDeps {
  pool: Pool
  ring: KeyRing
  logger: Logger
  metrics: SecretsMetrics
  authenticate: (md: CallMetadata) => Caller
  schemas: SchemaCache
  /** Largest configuration / set of secrets, in bytes of JSON. */
  maxValueBytes: number
  rotateBatchSize: number
}

function recordInfo(r: StoredRecord): secrets.RecordInfo {
  return { kind: r.kind, subjectId: r.subjectId, keyId: r.keyId, updatedAt: r.updatedAt }
}

const what = (kind: RecordKind) =>
  kind === 'configuration' ? 'configuration for installation' : 'secrets for integration'

/**
 * The SecretsService handlers. Every method goes through `auditedCalls`: the caller is
 * authenticated and authorized, the work runs, and the outcome is audited whatever it is.
 */
export function secretsService(deps: SecretsServiceDeps): AsyncService<secrets.SecretsServiceHandlers> {
  const { ring } = deps
  const audited = auditedCalls(deps)

  async function readPlaintext(db: Queryable, id: RecordIdentity) {
    const record = await getRecord(db, id)
    if (!record) throw new NotFoundError(`${what(id.kind)} ${id.subjectId}`)
    const plaintext = open(ring, id, record)
    try {
      return { record, text: plaintext.toString('utf8') }
    } finally {
      plaintext.fill(0)
    }
  }

  async function remove(db: Queryable, id: RecordIdentity) {
    if (!(await deleteRecord(db, id))) throw new NotFoundError(`${what(id.kind)} ${id.subjectId}`)
    return { result: {}, detail: 'deleted' }
  }

  return {
    PutConfiguration: (req, { metadata }) =>
      audited(
        metadata,
        'PutConfiguration',
        { kind: 'configuration', subjectId: req.installationId },
        async (tx) => {
          const id: RecordIdentity = {
            kind: 'configuration',
            subjectId: requireSubjectId('installation_id', req.installationId),
          }
          const json = validateConfiguration(req, { maxBytes: deps.maxValueBytes, schemas: deps.schemas })
          const stored = await putRecord(tx, id, seal(ring, id, Buffer.from(json, 'utf8')))
          return { result: recordInfo(stored), detail: `stored under key ${stored.keyId}` }
        },
      ),

    GetConfiguration: (req, { metadata }) =>
      audited(
        metadata,
        'GetConfiguration',
        { kind: 'configuration', subjectId: req.installationId },
        async (tx) => {
          const id: RecordIdentity = {
            kind: 'configuration',
            subjectId: requireSubjectId('installation_id', req.installationId),
          }
          const { record, text } = await readPlaintext(tx, id)
          return {
            result: {
              installationId: id.subjectId,
              configurationJson: text,
              keyId: record.keyId,
              updatedAt: record.updatedAt,
            },
            detail: `read under key ${record.keyId}`,
          }
        },
      ),

    DeleteConfiguration: (req, { metadata }) =>
      audited(
        metadata,
        'DeleteConfiguration',
        { kind: 'configuration', subjectId: req.installationId },
        (tx) =>
          remove(tx, {
            kind: 'configuration',
            subjectId: requireSubjectId('installation_id', req.installationId),
          }),
      ),

    PutIntegrationSecrets: (req, { metadata }) =>
      audited(
        metadata,
        'PutIntegrationSecrets',
        { kind: 'integration_secrets', subjectId: req.integrationId },
        async (tx) => {
          const id: RecordIdentity = {
            kind: 'integration_secrets',
            subjectId: requireSubjectId('integration_id', req.integrationId),
          }
          const json = validateIntegrationSecrets(req.secrets ?? {}, { maxBytes: deps.maxValueBytes })
          const stored = await putRecord(tx, id, seal(ring, id, Buffer.from(json, 'utf8')))
          const names = Object.keys(req.secrets ?? {}).sort()
          return {
            result: recordInfo(stored),
            detail: `stored ${names.length} secret(s) [${names.join(', ')}] under key ${stored.keyId}`,
          }
        },
      ),

    GetIntegrationSecrets: (req, { metadata }) =>
      audited(
        metadata,
        'GetIntegrationSecrets',
        { kind: 'integration_secrets', subjectId: req.integrationId },
        async (tx) => {
          const id: RecordIdentity = {
            kind: 'integration_secrets',
            subjectId: requireSubjectId('integration_id', req.integrationId),
          }
          const { record, text } = await readPlaintext(tx, id)
          return {
            result: {
              integrationId: id.subjectId,
              secrets: JSON.parse(text) as Record<string, string>,
              keyId: record.keyId,
              updatedAt: record.updatedAt,
            },
            detail: `read under key ${record.keyId}`,
          }
        },
      ),

    DeleteIntegrationSecrets: (req, { metadata }) =>
      audited(
        metadata,
        'DeleteIntegrationSecrets',
        { kind: 'integration_secrets', subjectId: req.integrationId },
        (tx) =>
          remove(tx, {
            kind: 'integration_secrets',
            subjectId: requireSubjectId('integration_id', req.integrationId),
          }),
      ),

    RotateKey: (_req, { metadata }) =>
      audited(
        metadata,
        'RotateKey',
        { kind: '', subjectId: '' },
        async () => {
          deps.logger.info({ keyId: ring.current.id }, 'key rotation started')
          const rewrapped = await rotateRecords({
            pool: deps.pool,
            ring,
            batchSize: deps.rotateBatchSize,
            onBatch: (total) =>
              deps.logger.info({ keyId: ring.current.id, rewrapped: total }, 'key rotation progress'),
          })
          deps.metrics.rewrapped.inc(rewrapped)
          deps.logger.info({ keyId: ring.current.id, rewrapped }, 'key rotation finished')
          return {
            result: { keyId: ring.current.id, rewrapped },
            detail: `re-wrapped ${rewrapped} record(s) under key ${ring.current.id}`,
          }
        },
        { ownTransactions: true },
      ),

    ListAudit: (req, { metadata }) =>
      audited(metadata, 'ListAudit', { kind: '', subjectId: req.subjectId ?? '' }, async (tx) => {
        const limit = req.limit ?? 0
        if (limit < 0) throw new InvalidInputError('limit: must not be negative')
        const entries = await listAudit(tx, {
          subjectId: req.subjectId || undefined,
          limit: Math.min(limit || AUDIT_LIMIT.default, AUDIT_LIMIT.max),
        })
        return { result: { entries }, detail: `listed ${entries.length} entries` }
      }),
  }
}
