import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRunner, parseReadyLine, RUNNER_EXIT } from './index.js'

// A bundle shaped like an SDK build: CommonJS, default export with `.handler`.
const ECHO_BUNDLE = `
exports.default = {
  async handler(req) {
    const op = req.headers['x-bp-operation']
    if (op === 'throw') throw new Error('handler exploded')
    if (op === 'empty') return
    if (op === 'env') return { body: JSON.stringify(Object.keys(process.env)) }
    return { status: 201, headers: { 'x-echo': 'yes' }, body: JSON.stringify(req) }
  },
}
`

let dir: string
let runnerPath: string
const children: ChildProcess[] = []

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

async function writeBundle(name: string, source: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, source)
  return path
}

/** Runs the built runner; resolves with its port once ready, or its exit code and stderr. */
function run(env: Record<string, string>): Promise<{ port?: number; code?: number | null; stderr: string }> {
  const child = spawn(process.execPath, [runnerPath], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const port = parseReadyLine(line)
        if (port) resolve({ port, stderr })
      }
    })
    child.on('exit', (code) => resolve({ code, stderr }))
  })
}

describe('runner', () => {
  let base: string
  let echoPath: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runner-test-'))
    runnerPath = join(dir, 'runner.cjs')
    await writeFile(runnerPath, await buildRunner())
    echoPath = await writeBundle('echo.cjs', ECHO_BUNDLE)
    const started = await run({
      SB_BUNDLE_PATH: echoPath,
      SB_BUNDLE_SHA256: sha256(ECHO_BUNDLE),
      SB_BODY_LIMIT_BYTES: '1024',
      VISIBLE: 'yes',
    })
    expect(started.stderr).toBe('')
    base = `http://127.0.0.1:${started.port}`
  })

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  it('is one self-contained CommonJS file', async () => {
    const source = await buildRunner()
    expect(source).not.toMatch(/require\("(?!node:)[^"]+"\)/)
  })

  it('answers GET /health', async () => {
    const res = await fetch(`${base}/health`)
    expect(res.status).toBe(200)
  })

  it('passes the SDK request to the handler and answers its status, headers and body', async () => {
    const res = await fetch(`${base}/some/path?a=1&b=2`, {
      method: 'POST',
      headers: { 'X-Bp-Operation': 'webhook_received', traceparent: '00-abc-def-01' },
      body: '{"req":{}}',
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('x-echo')).toBe('yes')
    const req = (await res.json()) as Record<string, unknown>
    expect(req).toMatchObject({ body: '{"req":{}}', path: '/some/path', query: 'a=1&b=2', method: 'POST' })
    expect(req.headers).toMatchObject({ 'x-bp-operation': 'webhook_received', traceparent: '00-abc-def-01' })
  })

  it('answers 200 with {} when the handler returns nothing', async () => {
    const res = await fetch(base, { method: 'POST', headers: { 'x-bp-operation': 'empty' }, body: '{}' })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{}')
  })

  it('turns a thrown error into a 500 JSON error and keeps serving', async () => {
    const res = await fetch(base, { method: 'POST', headers: { 'x-bp-operation': 'throw' }, body: '{}' })
    expect(res.status).toBe(500)
    expect(await res.json()).toMatchObject({ code: 500, message: 'handler exploded' })
    expect((await fetch(`${base}/health`)).status).toBe(200)
  })

  it('answers 413 to a body over the limit', async () => {
    const res = await fetch(base, { method: 'POST', body: 'x'.repeat(2048) })
    expect(res.status).toBe(413)
    const ok = await fetch(base, {
      method: 'POST',
      headers: { 'x-bp-operation': 'empty' },
      body: 'x'.repeat(1000),
    })
    expect(ok.status).toBe(200)
  })

  it('answers 405 to other methods', async () => {
    expect((await fetch(base, { method: 'PUT', body: '{}' })).status).toBe(405)
  })

  it('hides its own settings from the bundle', async () => {
    const res = await fetch(base, { method: 'POST', headers: { 'x-bp-operation': 'env' }, body: '{}' })
    const names = (await res.json()) as string[]
    expect(names).toContain('VISIBLE')
    expect(names.filter((n) => n.startsWith('SB_'))).toEqual([])
  })

  it('refuses a bundle whose sha256 does not match, before running any of it', async () => {
    const marker = join(dir, 'ran')
    const source = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); exports.handler = () => {}`
    const path = await writeBundle('tampered.cjs', source)
    const res = await run({ SB_BUNDLE_PATH: path, SB_BUNDLE_SHA256: sha256(`${source} `) })
    expect(res.code).toBe(RUNNER_EXIT.invalidBundle)
    expect(res.stderr).toContain('sha256 mismatch')
    expect(existsSync(marker)).toBe(false)
  })

  it('refuses a bundle without a handler', async () => {
    const source = 'exports.default = { start() {} }'
    const path = await writeBundle('nohandler.cjs', source)
    const res = await run({ SB_BUNDLE_PATH: path, SB_BUNDLE_SHA256: sha256(source) })
    expect(res.code).toBe(RUNNER_EXIT.invalidBundle)
    expect(res.stderr).toContain('no handler')
  })

  it('reports a bundle that throws while loading', async () => {
    const source = 'throw new Error("broken at load")'
    const path = await writeBundle('broken.cjs', source)
    const res = await run({ SB_BUNDLE_PATH: path, SB_BUNDLE_SHA256: sha256(source) })
    expect(res.code).toBe(RUNNER_EXIT.invalidBundle)
    expect(res.stderr).toContain('broken at load')
  })

  it('names a missing setting', async () => {
    const res = await run({ SB_BUNDLE_PATH: echoPath })
    expect(res.code).toBe(RUNNER_EXIT.invalidSettings)
    expect(res.stderr).toContain('SB_BUNDLE_SHA256')
  })
})
