import * as grpc from '@grpc/grpc-js'
import { protos } from '@switchboard/proto'
import {
  fuzzSeed,
  hostileGrpcCall,
  seededRandom,
  sendHostileCall,
  type FuzzableMethod,
  type TypeLookup,
} from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, newMasterKey, READER_TOKEN, startHarness, type Harness } from '../testing/harness.js'

const SEED = fuzzSeed()
const CALLS = 500

/** Answers that would mean the server failed, not the caller: none may come back. */
const SERVER_FAULTS = new Set([
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.UNAVAILABLE,
  grpc.status.DATA_LOSS,
])

let h: Harness
let client: grpc.Client
beforeAll(async () => {
  h = await startHarness(newMasterKey())
  await h.callers.admin.PutConfiguration({
    installationId: 'inst_fuzz',
    configurationJson: JSON.stringify({ url: 'https://example.test' }),
    schemaJson: '{}',
  })
  client = new grpc.Client(`127.0.0.1:${h.service.grpcPort}`, grpc.credentials.createInsecure())
})
afterAll(async () => {
  client?.close()
  await h?.close()
})

async function records(): Promise<string> {
  const { rows } = await h.sql.query(`SELECT * FROM secrets.records ORDER BY 1`)
  return JSON.stringify(rows)
}

describe(`secrets gRPC fuzz (FUZZ_SEED=${SEED})`, () => {
  it(`${CALLS} hostile calls: no INTERNAL or UNKNOWN, nothing written, and it keeps serving`, async () => {
    const rng = seededRandom(SEED)
    const service = protos.secrets.SecretsService.service as unknown as Record<string, FuzzableMethod>
    const lookup: TypeLookup = (name) =>
      (protos.secrets as unknown as Record<string, { type: { field: never[] } } | undefined>)[name]
    const before = await records()
    const failures: string[] = []
    for (let i = 0; i < CALLS; i++) {
      const call = hostileGrpcCall(rng, service, lookup)
      const metadata = new grpc.Metadata()
      metadata.set('authorization', `Bearer ${rng.chance(0.5) ? ADMIN_TOKEN : READER_TOKEN}`)
      const res = await sendHostileCall(client, call, metadata)
      const refused =
        call.what === 'malformed message'
          ? res.code === grpc.status.INVALID_ARGUMENT || res.code === grpc.status.PERMISSION_DENIED
          : res.code !== grpc.status.OK || call.method.startsWith('Get') || call.method === 'ListAudit'
      if (SERVER_FAULTS.has(res.code) || !refused)
        failures.push(
          `#${i} ${call.method} ${call.what}: ${grpc.status[res.code]} ${res.details.slice(0, 120)}`,
        )
    }
    expect(failures).toEqual([])
    expect(await records()).toBe(before)
    const got = await h.callers.reader.GetConfiguration({ installationId: 'inst_fuzz' })
    expect(JSON.parse(got.configurationJson)).toEqual({ url: 'https://example.test' })
  })

  it('names the field', async () => {
    const err = await h.callers.admin
      .PutConfiguration({
        installationId: 'inst_x',
        configurationJson: '{"token":"a\\u0000b"}',
        schemaJson: '{}',
      })
      .catch((e: Error) => e)
    expect(err).toMatchObject({ code: 'InvalidInput' })
    expect((err as Error).message).toMatch(/request\.configurationJson\.token: contains a NUL/)
  })
})
