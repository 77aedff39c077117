import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_TOKEN,
  encodings,
  newMasterKey,
  READER_TOKEN,
  rejection,
  startHarness,
  type Harness,
} from '../testing/harness.js'

const masterKey = newMasterKey()
const MAX_BYTES = 4096
let h: Harness

/** Every plaintext value this file sends; none may show up in the database or the logs. */
const plaintexts: string[] = []
function plaintext(label: string): string {
  const v = `${label}-${randomBytes(8).toString('hex')}`
  plaintexts.push(v)
  return v
}

const SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { url: { type: 'string', format: 'uri' }, apiKey: { type: 'string' } },
  required: ['url', 'apiKey'],
  additionalProperties: false,
})
const configFor = (label: string) => ({ url: 'https://hooks.example.com/in', apiKey: plaintext(label) })

async function putConfig(installationId: string, configuration: object = configFor('cfg')) {
  return h.callers.admin.PutConfiguration({
    installationId,
    configurationJson: JSON.stringify(configuration),
    schemaJson: SCHEMA,
  })
}
async function rowOf(kind: string, subjectId: string) {
  const { rows } = await h.sql.query<{ key_id: string; wrapped_key: Buffer; ciphertext: Buffer }>(
    'SELECT key_id, wrapped_key, ciphertext FROM secrets.records WHERE kind = $1 AND subject_id = $2',
    [kind, subjectId],
  )
  return rows[0]
}
async function auditOf(subjectId: string) {
  return (await h.callers.admin.ListAudit({ subjectId, limit: 50 })).entries
}

beforeAll(async () => {
  h = await startHarness(masterKey, { SECRETS_MAX_VALUE_BYTES: String(MAX_BYTES) })
})
afterAll(() => h?.close())

describe('round trip', () => {
  it('stores a configuration encrypted and gives it back to the reader', async () => {
    const configuration = configFor('roundtrip')
    const info = await putConfig('inst_roundtrip', configuration)
    expect(info).toMatchObject({
      kind: 'configuration',
      subjectId: 'inst_roundtrip',
      keyId: h.service.currentKeyId,
    })
    const got = await h.callers.reader.GetConfiguration({ installationId: 'inst_roundtrip' })
    expect(JSON.parse(got.configurationJson)).toEqual(configuration)
    expect(got).toMatchObject({
      installationId: 'inst_roundtrip',
      keyId: h.service.currentKeyId,
      updatedAt: info.updatedAt,
    })
  })

  it('uses a new data key on every write', async () => {
    const configuration = configFor('rewrite')
    await putConfig('inst_rewrite', configuration)
    const first = await rowOf('configuration', 'inst_rewrite')
    await putConfig('inst_rewrite', configuration)
    const second = await rowOf('configuration', 'inst_rewrite')
    expect(second!.wrapped_key.equals(first!.wrapped_key)).toBe(false)
    expect(second!.ciphertext.equals(first!.ciphertext)).toBe(false)
  })

  it('stores integration secrets and gives them back to the reader', async () => {
    const secrets = { API_KEY: plaintext('api-key'), WEBHOOK_SECRET_2: plaintext('webhook') }
    const info = await h.callers.admin.PutIntegrationSecrets({ integrationId: 'intg_roundtrip', secrets })
    expect(info).toMatchObject({ kind: 'integration_secrets', subjectId: 'intg_roundtrip' })
    const got = await h.callers.reader.GetIntegrationSecrets({ integrationId: 'intg_roundtrip' })
    expect(got.secrets).toEqual(secrets)
    expect(got.keyId).toBe(h.service.currentKeyId)
  })

  it('deletes, after which the record is not found', async () => {
    await putConfig('inst_delete')
    await h.callers.admin.PutIntegrationSecrets({
      integrationId: 'intg_delete',
      secrets: { K: plaintext('del') },
    })
    await h.callers.admin.DeleteConfiguration({ installationId: 'inst_delete' })
    await h.callers.admin.DeleteIntegrationSecrets({ integrationId: 'intg_delete' })
    expect(
      (await rejection(() => h.callers.reader.GetConfiguration({ installationId: 'inst_delete' }))).code,
    ).toBe('NotFound')
    expect(
      (await rejection(() => h.callers.reader.GetIntegrationSecrets({ integrationId: 'intg_delete' }))).code,
    ).toBe('NotFound')
    expect(
      (await rejection(() => h.callers.admin.DeleteConfiguration({ installationId: 'inst_delete' }))).code,
    ).toBe('NotFound')
    expect(await rowOf('configuration', 'inst_delete')).toBeUndefined()
  })
})

describe('access control', () => {
  it('denies plaintext to every caller but the reader, and audits each denial', async () => {
    const configuration = configFor('guarded')
    await putConfig('inst_guarded', configuration)
    const denied = [
      { client: h.callers.anonymous, code: 'Unauthorized', caller: 'anonymous' },
      { client: h.callers.wrongToken, code: 'Unauthorized', caller: 'unknown' },
      { client: h.callers.admin, code: 'Forbidden', caller: 'admin' },
    ]
    for (const { client, code } of denied) {
      const err = await rejection(() => client.GetConfiguration({ installationId: 'inst_guarded' }))
      expect(err.code).toBe(code)
      expect(inspect(err, { depth: 10 })).not.toContain(configuration.apiKey)
    }
    const entries = await auditOf('inst_guarded')
    for (const { caller } of denied) {
      expect(entries).toContainEqual(
        expect.objectContaining({
          caller,
          action: 'GetConfiguration',
          kind: 'configuration',
          outcome: 'denied',
        }),
      )
    }
    expect(entries).toContainEqual(
      expect.objectContaining({ caller: 'admin', action: 'PutConfiguration', outcome: 'ok' }),
    )
  })

  it('denies integration secrets to the admin too', async () => {
    await h.callers.admin.PutIntegrationSecrets({
      integrationId: 'intg_guarded',
      secrets: { TOKEN: plaintext('g') },
    })
    expect(
      (await rejection(() => h.callers.admin.GetIntegrationSecrets({ integrationId: 'intg_guarded' }))).code,
    ).toBe('Forbidden')
    expect(await auditOf('intg_guarded')).toContainEqual(
      expect.objectContaining({ caller: 'admin', action: 'GetIntegrationSecrets', outcome: 'denied' }),
    )
  })

  it('lets only the admin write, delete, rotate and list the audit log', async () => {
    const reader = h.callers.reader
    const calls = [
      () =>
        reader.PutConfiguration({
          installationId: 'inst_byreader',
          configurationJson: '{}',
          schemaJson: '{}',
        }),
      () => reader.PutIntegrationSecrets({ integrationId: 'inst_byreader', secrets: {} }),
      () => reader.DeleteConfiguration({ installationId: 'inst_byreader' }),
      () => reader.DeleteIntegrationSecrets({ integrationId: 'inst_byreader' }),
      () => reader.RotateKey({}),
      () => reader.ListAudit({ subjectId: '', limit: 1 }),
    ]
    for (const call of calls) expect((await rejection(call)).code).toBe('Forbidden')
    expect(await rowOf('configuration', 'inst_byreader')).toBeUndefined()
    const entries = await auditOf('inst_byreader')
    expect(entries.map((e) => e.action).sort()).toEqual([
      'DeleteConfiguration',
      'DeleteIntegrationSecrets',
      'PutConfiguration',
      'PutIntegrationSecrets',
    ])
    expect(entries.every((e) => e.caller === 'reader' && e.outcome === 'denied')).toBe(true)
  })

  it('lists the audit log newest first, with a limit', async () => {
    await putConfig('inst_order')
    await h.callers.reader.GetConfiguration({ installationId: 'inst_order' })
    await h.callers.admin.DeleteConfiguration({ installationId: 'inst_order' })
    const { entries } = await h.callers.admin.ListAudit({ subjectId: 'inst_order', limit: 2 })
    expect(entries.map((e) => [e.action, e.caller, e.outcome])).toEqual([
      ['DeleteConfiguration', 'admin', 'ok'],
      ['GetConfiguration', 'reader', 'ok'],
    ])
    expect(Date.parse(entries[0]!.at)).toBeGreaterThanOrEqual(Date.parse(entries[1]!.at))
    const all = await h.callers.admin.ListAudit({ subjectId: '', limit: 0 })
    expect(all.entries.length).toBeGreaterThan(10)
  })
})

describe('integrity', () => {
  it('refuses a tampered ciphertext or wrapped key, returns no plaintext, and audits the failure', async () => {
    for (const column of ['ciphertext', 'wrapped_key']) {
      const id = `inst_tamper_${column}`
      const configuration = configFor(`tamper-${column}`)
      await putConfig(id, configuration)
      await h.sql.query(
        `UPDATE secrets.records SET ${column} = set_byte(${column}, 20, get_byte(${column}, 20) # 1) WHERE subject_id = $1`,
        [id],
      )
      const err = await rejection(() => h.callers.reader.GetConfiguration({ installationId: id }))
      expect(err.code).toBe('Internal')
      expect(err.message).toBe('internal error')
      expect(inspect(err, { depth: 10 })).not.toContain(configuration.apiKey)
      expect(await auditOf(id)).toContainEqual(
        expect.objectContaining({
          caller: 'reader',
          action: 'GetConfiguration',
          outcome: 'error',
          detail: expect.stringMatching(/failed authentication/),
        }),
      )
    }
  })

  it('refuses ciphertexts swapped between two records', async () => {
    const a = configFor('swap-a')
    const b = configFor('swap-b')
    await putConfig('inst_swap_a', a)
    await putConfig('inst_swap_b', b)
    // Move each record's whole envelope (key id, wrapped key, ciphertext) onto the other row.
    await h.sql.query(`
      UPDATE secrets.records r SET key_id = o.key_id, wrapped_key = o.wrapped_key, ciphertext = o.ciphertext
      FROM secrets.records o
      WHERE r.kind = 'configuration' AND o.kind = 'configuration'
        AND ((r.subject_id = 'inst_swap_a' AND o.subject_id = 'inst_swap_b')
          OR (r.subject_id = 'inst_swap_b' AND o.subject_id = 'inst_swap_a'))`)
    for (const id of ['inst_swap_a', 'inst_swap_b']) {
      const err = await rejection(() => h.callers.reader.GetConfiguration({ installationId: id }))
      expect(err.code).toBe('Internal')
      expect(inspect(err, { depth: 10 })).not.toMatch(new RegExp(`${a.apiKey}|${b.apiKey}`))
    }
  })

  it('refuses a configuration ciphertext moved onto integration secrets of the same id', async () => {
    await putConfig('same_id')
    await h.callers.admin.PutIntegrationSecrets({
      integrationId: 'same_id',
      secrets: { X: plaintext('same') },
    })
    await h.sql.query(`
      UPDATE secrets.records r SET key_id = o.key_id, wrapped_key = o.wrapped_key, ciphertext = o.ciphertext
      FROM secrets.records o
      WHERE r.subject_id = 'same_id' AND o.subject_id = 'same_id' AND r.kind = 'integration_secrets' AND o.kind = 'configuration'`)
    expect(
      (await rejection(() => h.callers.reader.GetIntegrationSecrets({ integrationId: 'same_id' }))).code,
    ).toBe('Internal')
  })
})

describe('validation', () => {
  it('refuses malformed JSON, naming the field and quoting nothing', async () => {
    const value = plaintext('malformed')
    const err = await rejection(() =>
      h.callers.admin.PutConfiguration({
        installationId: 'inst_bad',
        configurationJson: `{"apiKey": "${value}"`,
        schemaJson: SCHEMA,
      }),
    )
    expect(err.code).toBe('InvalidInput')
    expect(err.message).toMatch(/^configuration_json: malformed JSON/)
    expect(err.message).not.toContain(value)
  })

  it('refuses a configuration that breaks the schema, naming the field', async () => {
    const err = await rejection(() =>
      h.callers.admin.PutConfiguration({
        installationId: 'inst_bad',
        configurationJson: JSON.stringify({ url: 12, apiKey: plaintext('schema') }),
        schemaJson: SCHEMA,
      }),
    )
    expect(err.code).toBe('InvalidInput')
    expect(err.message).toBe('configuration.url: must be string')
    expect(await rowOf('configuration', 'inst_bad')).toBeUndefined()
    expect(await auditOf('inst_bad')).toContainEqual(
      expect.objectContaining({
        action: 'PutConfiguration',
        outcome: 'invalid',
        detail: 'configuration.url: must be string',
      }),
    )
  })

  it('refuses oversized configuration and secrets with the limit in the message', async () => {
    const big = { url: 'https://x.example', apiKey: plaintext('big') + 'x'.repeat(MAX_BYTES) }
    const err = await rejection(() => putConfig('inst_big', big))
    expect(err.code).toBe('PayloadTooLarge')
    expect(err.message).toMatch(
      new RegExp(`^configuration_json is \\d+ bytes; the limit is ${MAX_BYTES} bytes$`),
    )
    const err2 = await rejection(() =>
      h.callers.admin.PutIntegrationSecrets({
        integrationId: 'intg_big',
        secrets: { BIG: 'y'.repeat(MAX_BYTES) },
      }),
    )
    expect(err2.code).toBe('PayloadTooLarge')
    expect(err2.message).toContain(`the limit is ${MAX_BYTES} bytes`)
  })

  it('refuses secret names that cannot become SECRET_<NAME>', async () => {
    const err = await rejection(() =>
      h.callers.admin.PutIntegrationSecrets({
        integrationId: 'intg_names',
        secrets: { 'api-key': plaintext('name') },
      }),
    )
    expect(err.code).toBe('InvalidInput')
    expect(err.message).toContain('secrets.api-key: a secret name must match ^[A-Z][A-Z0-9_]*$')
  })

  it('says not found for an unknown installation, and invalid for an empty or odd id', async () => {
    const err = await rejection(() => h.callers.reader.GetConfiguration({ installationId: 'inst_unknown' }))
    expect(err.code).toBe('NotFound')
    expect(err.message).toBe('configuration for installation inst_unknown not found')
    expect(
      (await rejection(() => h.callers.reader.GetIntegrationSecrets({ integrationId: 'intg_unknown' }))).code,
    ).toBe('NotFound')
    expect((await rejection(() => h.callers.reader.GetConfiguration({ installationId: '' }))).message).toBe(
      'installation_id: is required',
    )
    expect((await rejection(() => h.callers.reader.GetConfiguration({ installationId: '../x' }))).code).toBe(
      'InvalidInput',
    )
  })
})

describe('health and metrics', () => {
  it('serves /healthz, /readyz and /metrics', async () => {
    const base = `http://127.0.0.1:${h.service.httpPort}`
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' })
    const metrics = await (await fetch(`${base}/metrics`)).text()
    expect(metrics).toMatch(
      /switchboard_secrets_calls_total\{[^}]*method="GetConfiguration"[^}]*outcome="denied"[^}]*\} [1-9]/,
    )
    expect((await fetch(`${base}/nope`)).status).toBe(404)
  })
})

describe('after the run', () => {
  it('has no plaintext, token or master key in the database or the logs', async () => {
    const dump = await h.dump()
    const logs = h.logs.join('')
    expect(dump).toContain('-- records')
    expect(logs).toContain('secrets call')
    expect(plaintexts.length).toBeGreaterThan(15)
    for (const value of plaintexts) {
      for (const form of encodings(value)) {
        expect(dump).not.toContain(form)
        expect(logs).not.toContain(form)
      }
    }
    for (const value of [READER_TOKEN, ADMIN_TOKEN, masterKey]) {
      expect(dump).not.toContain(value)
      expect(logs).not.toContain(value)
    }
  })
})
