import { createHash } from 'node:crypto'
import { InvalidInputError, TimeoutError, UnavailableError } from '@switchboard/errors'
import { createLogger } from '@switchboard/logging'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InvokeResponse, SandboxSpec } from '../driver.js'
import { ProcessSandboxDriver } from './driver.js'

/**
 * A hand-written bundle with hostile handlers, chosen by `x-bp-operation`. Each answer says which
 * process served it (`boot`, random per process) so tests can tell a fresh process from a warm one.
 */
const HOSTILE = `
const boot = Math.random().toString(36).slice(2)
let calls = 0
const denied = (e) => ({ status: 403, body: JSON.stringify({ code: e.code, message: e.message }) })
exports.default = {
  async handler(req) {
    calls++
    switch (req.headers['x-bp-operation']) {
      case 'whoami': return { body: JSON.stringify({ boot, calls, pid: process.pid }) }
      case 'env': return { body: JSON.stringify(process.env) }
      case 'throw': throw new Error('boom from the handler')
      case 'loop': for (;;) {}
      case 'alloc': { const keep = []; for (;;) keep.push(new Array(1e5).fill(calls)) }
      case 'exit': process.exit(3)
      case 'passwd':
        try { return { body: require('fs').readFileSync('/etc/passwd', 'utf8') } } catch (e) { return denied(e) }
      case 'spawn':
        try { return { body: String(require('child_process').execSync('id')) } } catch (e) { return denied(e) }
      case 'worker':
        try { new (require('worker_threads').Worker)('1', { eval: true }); return { body: 'worker started' } } catch (e) { return denied(e) }
      case 'write':
        try { require('fs').writeFileSync('/tmp/escaped', 'x'); return { body: 'written' } } catch (e) { return denied(e) }
      default: return { status: 400, body: 'unknown op' }
    }
  },
}
`

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

function bundle(source: string, claimedSha = sha256(source)): SandboxSpec['bundle'] {
  return { sha256: claimedSha, load: async () => Buffer.from(source) }
}

const logLines: { msg: string; [k: string]: unknown }[] = []
const logger = createLogger({
  service: 'sandbox-test',
  level: 'info',
  destination: { write: (line: string) => void logLines.push(JSON.parse(line)) },
})

describe('ProcessSandboxDriver', () => {
  let driver: ProcessSandboxDriver
  const spec = (key: string, extra: Partial<SandboxSpec> = {}): SandboxSpec => ({
    key,
    bundle: bundle(HOSTILE),
    env: { BP_API_URL: 'http://127.0.0.1:9', BP_TOKEN: 'sandbox-token' },
    memoryMb: 64,
    ...extra,
  })
  const call = (key: string, op: string, timeoutMs = 5_000, extra?: Partial<SandboxSpec>) =>
    driver.invoke({ sandbox: spec(key, extra), headers: { 'x-bp-operation': op }, body: '{}', timeoutMs })
  const json = (res: InvokeResponse) => JSON.parse(res.body) as Record<string, unknown>

  beforeAll(() => {
    process.env.SB_TEST_SECRET = 'the-dispatcher-secret'
    driver = new ProcessSandboxDriver({ logger, restartBackoff: { initialMs: 200, maxMs: 2_000 } })
  })

  afterAll(async () => {
    delete process.env.SB_TEST_SECRET
    await driver.close()
  })

  it('runs under bubblewrap when it is installed, in its own PID namespace', async () => {
    expect(driver.usesBubblewrap).toBe(true)
    const res = await call('a', 'whoami')
    // Inside the new PID namespace bubblewrap is 1 and node 2: no other process is visible.
    expect(json(res).pid).toBeLessThanOrEqual(3)
  })

  it('keeps the process warm across calls', async () => {
    const first = json(await call('a', 'whoami'))
    const second = json(await call('a', 'whoami'))
    expect(second.boot).toBe(first.boot)
    expect(second.calls).toBe((first.calls as number) + 1)
  })

  it("gives the sandbox only the spec's env, never the driver's environment", async () => {
    // bubblewrap sets PWD to the working directory it enters, '/'; nothing else is added.
    const { PWD, ...env } = json(await call('a', 'env'))
    expect(PWD ?? '/').toBe('/')
    expect(env).toEqual({ BP_API_URL: 'http://127.0.0.1:9', BP_TOKEN: 'sandbox-token' })
    expect(JSON.stringify(env)).not.toContain('the-dispatcher-secret')
  })

  it('answers 500 when the handler throws, and keeps the process', async () => {
    const before = json(await call('a', 'whoami')).boot
    const res = await call('a', 'throw')
    expect(res.status).toBe(500)
    expect(json(res)).toMatchObject({ message: 'boom from the handler' })
    expect(json(await call('a', 'whoami')).boot).toBe(before)
  })

  it('denies reading /etc/passwd', async () => {
    const res = await call('a', 'passwd')
    expect(res.status).toBe(403)
    expect(json(res).code).toBe('ERR_ACCESS_DENIED')
    expect(res.body).not.toContain('root:')
  })

  it('denies spawning a process, starting a worker and writing a file', async () => {
    for (const op of ['spawn', 'worker', 'write']) {
      const res = await call('a', op)
      expect({ op, status: res.status, code: json(res).code }).toEqual({
        op,
        status: 403,
        code: 'ERR_ACCESS_DENIED',
      })
    }
  })

  it('kills a handler that never returns at its timeout; the next call gets a fresh process', async () => {
    const before = json(await call('a', 'whoami')).boot
    const other = json(await call('b', 'whoami')).boot
    const looping = call('a', 'loop', 1_000)
    const timedOutAt = looping.then(
      () => Infinity,
      () => Date.now(),
    )
    // Another installation's sandbox keeps answering while the first one spins.
    const answered = json(await call('b', 'whoami'))
    const answeredAt = Date.now()
    expect(answered.boot).toBe(other)

    await expect(looping).rejects.toBeInstanceOf(TimeoutError)
    expect(answeredAt).toBeLessThan(await timedOutAt)
    const after = json(await call('a', 'whoami'))
    expect(after.boot).not.toBe(before)
    expect(after.calls).toBe(1)
  })

  it('a handler that allocates without bound dies at its memory cap; the next call works', async () => {
    const err = await call('a', 'alloc', 15_000).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UnavailableError)
    expect((err as Error).message).toMatch(/heap|memory/i)
    const res = await call('a', 'whoami')
    expect(json(res).calls).toBe(1)
    expect(logLines.some((l) => l.msg.includes('crashed') && l.sandbox === 'a')).toBe(true)
  })

  it('restarts a crashing process with a growing backoff, and logs it', async () => {
    const crashes = () => logLines.filter((l) => l.msg.includes('crashed') && l.sandbox === 'c')
    await expect(call('c', 'exit')).rejects.toBeInstanceOf(UnavailableError)
    await expect(call('c', 'exit')).rejects.toBeInstanceOf(UnavailableError)
    expect(crashes().map((l) => l.restartInMs)).toEqual([200, 400])
    // A call that cannot wait out the backoff is refused at once, as retryable.
    const refused = await call('c', 'whoami', 1).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(UnavailableError)
    expect((refused as Error).message).toContain('backing off')
    // One that can, waits and is served; a completed call resets the backoff.
    expect(json(await call('c', 'whoami', 3_000)).calls).toBe(1)
    await expect(call('c', 'exit')).rejects.toBeInstanceOf(UnavailableError)
    expect(crashes().at(-1)?.restartInMs).toBe(200)
  })

  it('refuses a bundle whose bytes do not match its sha256, without starting it', async () => {
    const err = await call('d', 'whoami', 5_000, { bundle: bundle(HOSTILE, sha256('something else')) }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(InvalidInputError)
    expect((err as Error).message).toContain('sha256 mismatch')
    expect(logLines.some((l) => l.sandbox === 'd' && l.msg === 'sandbox started')).toBe(false)
  })

  it('reports a bundle that cannot load as invalid input, every time, without respawning', async () => {
    let loads = 0
    const source = 'throw new Error("cannot load me")'
    const broken = { bundle: { sha256: sha256(source), load: async () => (loads++, Buffer.from(source)) } }
    const first = await call('e', 'whoami', 5_000, broken).catch((e: unknown) => e)
    expect(first).toBeInstanceOf(InvalidInputError)
    expect((first as Error).message).toContain('cannot load me')
    await expect(call('e', 'whoami', 5_000, broken)).rejects.toBe(first)
    expect(loads).toBe(1)
  })

  it('refuses env that would change how node or the runner start', async () => {
    const err = await call('f', 'whoami', 5_000, { env: { NODE_OPTIONS: '--allow-child-process' } }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(InvalidInputError)
  })

  it('replaces the process when the bundle changes', async () => {
    const before = json(await call('a', 'whoami')).boot
    const v2 = `${HOSTILE}\n// v2`
    const after = json(await call('a', 'whoami', 5_000, { bundle: bundle(v2) }))
    expect(after.boot).not.toBe(before)
  })
})

describe('ProcessSandboxDriver without bubblewrap', () => {
  it('refuses to start sandboxes, loudly, unless the host network is chosen explicitly', async () => {
    const driver = new ProcessSandboxDriver({ logger, bwrap: false })
    try {
      const sandbox: SandboxSpec = { key: 'refused', bundle: bundle(HOSTILE), env: {} }
      const err = await driver
        .invoke({ sandbox, headers: { 'x-bp-operation': 'whoami' }, body: '{}' })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(UnavailableError)
      expect((err as Error).message).toMatch(/bubblewrap.*SANDBOX_NETWORK=host/)
      expect(logLines.some((l) => l.level === 50 && l.msg.startsWith('REFUSING TO START SANDBOXES'))).toBe(
        true,
      )
    } finally {
      await driver.close()
    }
  })

  it('still denies files and processes through the Node permission model', async () => {
    const driver = new ProcessSandboxDriver({ logger, bwrap: false, network: 'host' })
    try {
      expect(driver.usesBubblewrap).toBe(false)
      const sandbox: SandboxSpec = { key: 'plain', bundle: bundle(HOSTILE), env: {} }
      for (const op of ['passwd', 'spawn']) {
        const res = await driver.invoke({ sandbox, headers: { 'x-bp-operation': op }, body: '{}' })
        expect(res.status).toBe(403)
        expect(res.body).toContain('ERR_ACCESS_DENIED')
        expect(res.body).not.toContain('root:')
      }
    } finally {
      await driver.close()
    }
  })
})
