import { createServer, type Server } from 'node:http'
import { freePort } from '@switchboard/cli'
import { TimeoutError, UnavailableError } from '@switchboard/errors'
import { newMasterKey, startHarness, type Harness } from '@switchboard/secrets/testing'
import { verifyRequest, SIGNATURE_HEADER, type SandboxDriver } from '@switchboard/sandbox'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ConfigurationSource } from '../registry/configuration.js'
import type { BotTarget } from '../registry/registry.js'
import type { SandboxTokens } from '../registry/sandbox-tokens.js'
import { Invoker } from './invoker.js'

/** The signed POST to a bot's endpoint (node:http, kept-alive connections): answers, timeouts, refusals. */
let s: Harness
let server: Server
let url: string
const SECRET = 'endpoint-signing-secret-0123456789'
beforeAll(async () => {
  s = await startHarness(newMasterKey(), { LOG_LEVEL: 'silent' })
  await s.callers.admin.PutIntegrationSecrets({
    integrationId: 'bot_ep',
    secrets: { SIGNING_SECRET: SECRET },
  })
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      if (req.url === '/slow') return // never answers
      const signed = verifyRequest(SECRET, raw, req.headers[SIGNATURE_HEADER] as string)
      res.writeHead(signed ? 200 : 401, { 'x-answer': 'yes' }).end(JSON.stringify({ got: JSON.parse(raw) }))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  server?.closeAllConnections()
  server?.close()
  await s?.close()
})

const invoker = () =>
  new Invoker({
    driver: undefined as unknown as SandboxDriver, // endpoint bots run no sandbox
    config: new ConfigurationSource(s.callers.reader, 10_000),
    tokens: undefined as unknown as SandboxTokens,
    chatApiUrl: 'http://127.0.0.1:1',
    publicWebhookBaseUrl: 'http://127.0.0.1:1',
    timeoutMs: 500,
    memoryMb: 64,
    requireBundle: false,
  })
const botAt = (endpoint: string): BotTarget =>
  ({ bot: { id: 'bot_ep', name: 'ep', endpoint: { url: endpoint } }, bundle: null }) as unknown as BotTarget

it('POSTs the signed event and returns the answer, over one kept-alive connection', async () => {
  const inv = invoker()
  const connections = new Set<unknown>()
  server.on('connection', (c) => connections.add(c))
  for (let i = 0; i < 3; i++) {
    const res = await inv.bot(botAt(`${url}/`), 'event_received', 'message_created', { n: i })
    expect(res.status).toBe(200)
    expect(res.headers['x-answer']).toBe('yes')
    expect(JSON.parse(res.body)).toEqual({ got: { n: i } })
  }
  expect(connections.size).toBe(1)
})

it('an endpoint that does not answer in time is a TimeoutError; one that refuses, UnavailableError', async () => {
  const inv = invoker()
  await expect(inv.bot(botAt(`${url}/slow`), 'event_received', 'x', {})).rejects.toBeInstanceOf(TimeoutError)
  const closed = `http://127.0.0.1:${await freePort('127.0.0.1')}/`
  await expect(inv.bot(botAt(closed), 'event_received', 'x', {})).rejects.toBeInstanceOf(UnavailableError)
})
