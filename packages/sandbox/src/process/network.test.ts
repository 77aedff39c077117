import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { createLogger } from '@switchboard/logging'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxSpec } from '../driver.js'
import { ProcessSandboxDriver } from './driver.js'

/**
 * An isolated sandbox's network, tried from inside a handler: `connect` opens a TCP connection (or a
 * Unix socket) and says how it went; `fetch` GETs a URL. The "public" server is a stand-in in a network
 * namespace this test creates, on a TEST-NET-2 address (198.51.100.0/24, RFC 5737): no traffic is sent
 * to any real address outside this machine.
 */
const PROBE = `
const net = require('net')
exports.default = {
  async handler(req) {
    const q = JSON.parse(req.body || '{}')
    switch (req.headers['x-bp-operation']) {
      case 'connect':
        return await new Promise((resolve) => {
          const s = q.path ? net.connect(q.path) : net.connect(q.port, q.host)
          const done = (result) => { clearTimeout(t); s.destroy(); resolve({ body: JSON.stringify(result) }) }
          const t = setTimeout(() => done({ outcome: 'timeout' }), 3000)
          s.on('connect', () => done({ outcome: 'connected' }))
          s.on('error', (e) => done({ outcome: 'refused', code: e.code }))
        })
      case 'fetch':
        try {
          const res = await fetch(q.url, { signal: AbortSignal.timeout(5000) })
          return { body: JSON.stringify({ status: res.status, text: await res.text() }) }
        } catch (e) {
          return { body: JSON.stringify({ error: String(e.cause?.code ?? e.message) }) }
        }
      case 'env':
        return { body: JSON.stringify({ api: process.env.BP_API_URL }) }
      default:
        return { status: 400, body: 'unknown op' }
    }
  },
}
`
const sha = createHash('sha256').update(PROBE).digest('hex')
const isRoot = process.getuid?.() === 0
const id = randomBytes(3).toString('hex')
const NETNS = `sb-public-${id}`
const VETH = `sbv${id}`
const PUBLIC_IP = '198.51.100.2'
const HOST_SIDE_IP = '198.51.100.1'

let driver: ProcessSandboxDriver
let api: Server
let apiUrl: string
let publicServer: ChildProcess | undefined
let hostServer: Server
let hostPort: number

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' })

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((r) => server.listen(0, host, r))
  return (server.address() as { port: number }).port
}

beforeAll(async () => {
  if (isRoot) {
    // The stand-in for a public API: a namespace joined to this host by a veth pair.
    ip('netns', 'add', NETNS)
    ip('link', 'add', VETH, 'type', 'veth', 'peer', 'name', `${VETH}p`)
    ip('link', 'set', `${VETH}p`, 'netns', NETNS)
    ip('addr', 'add', `${HOST_SIDE_IP}/24`, 'dev', VETH)
    ip('link', 'set', VETH, 'up')
    ip('netns', 'exec', NETNS, 'ip', 'addr', 'add', `${PUBLIC_IP}/24`, 'dev', `${VETH}p`)
    ip('netns', 'exec', NETNS, 'ip', 'link', 'set', `${VETH}p`, 'up')
    ip('netns', 'exec', NETNS, 'ip', 'link', 'set', 'lo', 'up')
    publicServer = spawn(
      'ip',
      [
        'netns', 'exec', NETNS, process.execPath, '-e',
        `require('http').createServer((q, s) => s.end('public hello')).listen(8080, '${PUBLIC_IP}', () => console.log('up'))`,
      ], // prettier-ignore
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    await new Promise((r) => publicServer!.stdout!.once('data', r))
  }
  // A stand-in Runtime API on the host's loopback, and a server on every host address.
  api = createServer((req, res) => res.end(`api saw ${req.method} ${req.url}`))
  apiUrl = `http://127.0.0.1:${await listen(api, '127.0.0.1')}`
  hostServer = createServer((_req, res) => res.end('host service'))
  hostPort = await listen(hostServer, '0.0.0.0')
  driver = new ProcessSandboxDriver({ logger: createLogger({ service: 'network-test', level: 'silent' }) })
}, 30_000)

afterAll(async () => {
  await driver?.close()
  api?.close()
  hostServer?.close()
  publicServer?.kill()
  if (isRoot) {
    try {
      ip('netns', 'del', NETNS)
    } catch {
      // already gone
    }
  }
})

const spec = (): SandboxSpec => ({
  key: 'probe',
  bundle: { sha256: sha, load: async () => Buffer.from(PROBE) },
  env: { BP_API_URL: apiUrl, BP_TOKEN: 'probe-token' },
  memoryMb: 64,
})
async function probe(op: string, body: object): Promise<Record<string, unknown>> {
  const res = await driver.invoke({
    sandbox: spec(),
    headers: { 'x-bp-operation': op },
    body: JSON.stringify(body),
    timeoutMs: 10_000,
  })
  expect(res.status).toBe(200)
  return JSON.parse(res.body) as Record<string, unknown>
}

describe.skipIf(!isRoot)('an isolated process sandbox', () => {
  it('cannot open Postgres, NATS or any other port on the host loopback', async () => {
    for (const port of [5432, 4222, hostPort]) {
      expect(await probe('connect', { host: '127.0.0.1', port }), `127.0.0.1:${port}`).toEqual({
        outcome: 'refused',
        code: 'ECONNREFUSED',
      })
    }
    // slirp4netns's gateway is the host, but its loopback is disabled there too.
    expect((await probe('connect', { host: '10.0.2.2', port: 5432 })).outcome).toBe('refused')
  })

  it("cannot reach the host's Unix sockets (Postgres's among them)", async () => {
    const r = await probe('connect', { path: '/run/postgresql/.s.PGSQL.5432' })
    expect(r).toEqual({ outcome: 'refused', code: 'ENOENT' })
  })

  it("cannot reach private ranges, the metadata address or the host's own addresses", async () => {
    for (const host of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      HOST_SIDE_IP,
    ]) {
      const r = await probe('connect', { host, port: host === HOST_SIDE_IP ? hostPort : 80 })
      expect(r, host).toEqual({ outcome: 'refused', code: 'EHOSTUNREACH' })
    }
  })

  it('reaches a public address through slirp4netns', async () => {
    expect(await probe('fetch', { url: `http://${PUBLIC_IP}:8080/` })).toEqual({
      status: 200,
      text: 'public hello',
    })
  })

  it('reaches the Runtime API at its unchanged BP_API_URL, bridged in over a socket', async () => {
    expect((await probe('env', {})).api).toBe(apiUrl)
    expect(await probe('fetch', { url: `${apiUrl}/v1/chat/users` })).toEqual({
      status: 200,
      text: 'api saw GET /v1/chat/users',
    })
  })

  it('reaches the bridged port and no other, whether the loopback is 127.0.0.1, localhost or unnamed', async () => {
    const apiPort = Number(new URL(apiUrl).port)
    for (const host of ['127.0.0.1', 'localhost', undefined]) {
      expect(await probe('connect', { host, port: apiPort }), `${host}:${apiPort}`).toEqual({
        outcome: 'connected',
      })
      const closed = await probe('connect', { host, port: hostPort })
      expect(closed.outcome, `${host}:${hostPort}`).toBe('refused')
    }
    expect(await probe('fetch', { url: `http://localhost:${apiPort}/v1/chat/users` })).toEqual({
      status: 200,
      text: 'api saw GET /v1/chat/users',
    })
  })

  it('leaves nothing behind when the sandbox ends', async () => {
    await probe('env', {})
    // This driver's own: the machine may run other sandboxes (another test file, a benchmark).
    const slirps = () =>
      execFileSync('ps', ['-eo', 'ppid=,args='])
        .toString()
        .split('\n')
        .filter((l) => /slirp4netns .*tap0/.test(l) && Number(l.trim().split(/\s+/)[0]) === process.pid)
    expect(slirps().length).toBeGreaterThan(0)
    await driver.close()
    await waitFor('slirp4netns to exit', () => slirps().length === 0)
    driver = new ProcessSandboxDriver({ logger: createLogger({ service: 'network-test', level: 'silent' }) })
  })
})
