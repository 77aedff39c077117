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
import { ADMIN_TOKEN, startHarness, type Harness } from '../testing/harness.js'

const SEED = fuzzSeed()
const CALLS = 500 // per service: AdminService and ChatService

let h: Harness
let client: grpc.Client
beforeAll(async () => {
  h = await startHarness()
  const bot = await h.createBot('fuzz-bot')
  await h.install(bot, await h.createIntegration('webhook'))
  client = new grpc.Client(`127.0.0.1:${h.api.grpcPort}`, grpc.credentials.createInsecure())
})
afterAll(async () => {
  client?.close()
  await h?.close()
})

/** Answers that would mean the server failed, not the caller: none may come back. */
const SERVER_FAULTS = new Set([
  grpc.status.INTERNAL,
  grpc.status.UNKNOWN,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.UNAVAILABLE,
  grpc.status.DATA_LOSS,
])

const TABLES = [
  'bots',
  'integrations',
  'installations',
  'tokens',
  'users',
  'conversations',
  'messages',
  'events',
]
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of TABLES) out[t] = (await h.api.pool.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n
  return out
}

function lookupIn(pkg: object): TypeLookup {
  return (name) => (pkg as Record<string, { type: { field: never[] } } | undefined>)[name]
}

const services = [
  { name: 'AdminService', pkg: protos.admin, service: protos.admin.AdminService.service },
  { name: 'ChatService', pkg: protos.chat, service: protos.chat.ChatService.service },
]

describe(`gRPC fuzz of chat-api (FUZZ_SEED=${SEED})`, () => {
  for (const s of services) {
    it(`${s.name}: ${CALLS} hostile calls: no INTERNAL or UNKNOWN, nothing written, and it keeps serving`, async () => {
      const rng = seededRandom(SEED)
      const metadata = new grpc.Metadata()
      metadata.set('authorization', `Bearer ${ADMIN_TOKEN}`)
      const before = await counts()
      const failures: string[] = []
      const kinds = new Set<string>()
      for (let i = 0; i < CALLS; i++) {
        const call = hostileGrpcCall(
          rng,
          s.service as unknown as Record<string, FuzzableMethod>,
          lookupIn(s.pkg),
        )
        kinds.add(call.what.replace(/ .*/, ''))
        const res = await sendHostileCall(client, call, metadata)
        const refused = call.what === 'malformed message' ? res.code === grpc.status.INVALID_ARGUMENT : true
        if (SERVER_FAULTS.has(res.code) || !refused)
          failures.push(
            `#${i} ${call.method} ${call.what}: ${grpc.status[res.code]} ${res.details.slice(0, 120)}`,
          )
      }
      expect(failures).toEqual([])
      expect(kinds.size).toBeGreaterThanOrEqual(3)
      expect(await counts()).toEqual(before)
      expect((await h.admin.ListBots({})).bots.map((b) => b.name)).toContain('fuzz-bot')
    })
  }

  it('names the field', async () => {
    const err = await h.admin.PutBot({ name: 'a\u0000b' }).catch((e: Error) => e)
    expect(err).toMatchObject({ code: 'InvalidInput' })
    expect((err as Error).message).toMatch(/request\.name: contains a NUL/)
    const deep = await h.admin
      .PutIntegration({
        name: 'deep',
        version: '1.0.0',
        definitionJson: `{"a":${'['.repeat(100)}${']'.repeat(100)}}`,
      })
      .catch((e: Error) => e)
    expect((deep as Error).message).toMatch(/request\.definitionJson\.a(\.0)+: nested deeper than 64 levels/)
  })
})
