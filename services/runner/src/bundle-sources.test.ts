import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRunner, parseReadyLine, RUNNER_EXIT } from './index.js'

// Bundles as Kubernetes sandboxes get them: gzip'd from a ConfigMap, or downloaded from a URL.
const BUNDLE = 'exports.default = { handler: async () => ({ status: 200, body: "from the bundle" }) }'
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

let dir: string
let runnerPath: string
let server: Server
let base: string
const children: ChildProcess[] = []

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

describe('runner bundle sources', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runner-sources-'))
    runnerPath = join(dir, 'runner.cjs')
    await writeFile(runnerPath, await buildRunner())
    server = createServer((req, res) =>
      req.url === '/bundle.cjs' ? res.end(BUNDLE) : res.writeHead(404).end(),
    )
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL')
    server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('loads a gzip’d bundle after checking the sha256 of the bytes as stored', async () => {
    const gz = gzipSync(BUNDLE)
    await writeFile(join(dir, 'bundle.cjs.gz'), gz)
    const work = await mkdtemp(join(dir, 'work-'))
    const res = await run({
      SB_BUNDLE_PATH: join(dir, 'bundle.cjs.gz'),
      SB_BUNDLE_SHA256: sha256(gz),
      SB_WORK_DIR: work,
      SB_RUNNER_HOST: '127.0.0.1',
    })
    expect(res.stderr).toBe('')
    expect(await (await fetch(`http://127.0.0.1:${res.port}/`, { method: 'POST', body: '{}' })).text()).toBe(
      'from the bundle',
    )
    expect(await readdir(work)).toEqual([`bundle-${sha256(gz)}.cjs`])
  })

  it('downloads a bundle from SB_BUNDLE_URL and refuses one whose sha256 differs', async () => {
    const work = await mkdtemp(join(dir, 'work-'))
    const ok = await run({
      SB_BUNDLE_URL: `${base}/bundle.cjs`,
      SB_BUNDLE_SHA256: sha256(BUNDLE),
      SB_WORK_DIR: work,
    })
    expect(ok.port).toBeGreaterThan(0)
    const bad = await run({
      SB_BUNDLE_URL: `${base}/bundle.cjs`,
      SB_BUNDLE_SHA256: 'e'.repeat(64),
      SB_WORK_DIR: work,
    })
    expect(bad.code).toBe(RUNNER_EXIT.invalidBundle)
    const missing = await run({
      SB_BUNDLE_URL: `${base}/nope.cjs`,
      SB_BUNDLE_SHA256: sha256(BUNDLE),
      SB_WORK_DIR: work,
    })
    expect(missing.code).toBe(1) // retryable: the pod restarts and downloads again
    expect(missing.stderr).toContain('HTTP 404')
  })

  it('refuses a bad URL setting', async () => {
    const res = await run({ SB_BUNDLE_URL: 'ftp://x', SB_BUNDLE_SHA256: sha256(BUNDLE) })
    expect(res.code).toBe(RUNNER_EXIT.invalidSettings)
  })
})
