import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../testing/run-cli.js'
import { freePort } from '../dev/ports.js'
import { writeDevEnv } from './settings.js'

let cwd: string
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sb-cli-main-'))
})
afterAll(() => rm(cwd, { recursive: true, force: true }))

describe('the command line', () => {
  it('answers an unknown command with the usage and exit code 2', async () => {
    const r = await cli(['frobnicate'], { cwd })
    expect(r.code).toBe(2)
    expect(r.err).toContain('unknown command "frobnicate"')
    expect(r.err).toContain('usage: switchboard <command>')
  })

  it('answers an unknown flag and a missing argument the same way', async () => {
    const flag = await cli(['get', 'bots', '--colour'], { cwd })
    expect(flag.code).toBe(2)
    expect(flag.err).toMatch(/Unknown option '--colour'/)
    const missing = await cli(['apply'], { cwd })
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('apply -f <file|dir> is required')
    const kind = await cli(['get', 'widgets'], { cwd })
    expect(kind.err).toContain('expected integrations, bots or installations, got widgets')
  })

  it('prints the usage for help', async () => {
    const r = await cli(['help'], { cwd })
    expect(r.code).toBe(0)
    expect(r.out).toContain('token create --bot <name>')
  })

  it('says which admin API address it could not reach, where the address came from, and what to run', async () => {
    const port = await freePort('127.0.0.1')
    const direct = await cli(['get', 'bots'], {
      cwd,
      env: { SWITCHBOARD_ADMIN_URL: `127.0.0.1:${port}`, SWITCHBOARD_ADMIN_TOKEN: 'x'.repeat(20) },
    })
    expect(direct.code).toBe(1)
    expect(direct.err).toContain(
      `cannot reach the admin API (chat-api gRPC) at 127.0.0.1:${port} (SWITCHBOARD_ADMIN_URL)`,
    )
    expect(direct.err).toContain('npm run dev')

    // Without the variables, the address and token come from the dev.env `switchboard dev` wrote.
    writeDevEnv(join(cwd, '.switchboard'), {
      SWITCHBOARD_ADMIN_URL: `127.0.0.1:${port}`,
      SWITCHBOARD_ADMIN_TOKEN: 'y'.repeat(20),
    })
    const fromFile = await cli(['get', 'bots'], { cwd: join(cwd) })
    expect(fromFile.err).toContain(
      `at 127.0.0.1:${port} (SWITCHBOARD_ADMIN_URL from ${join(cwd, '.switchboard')}/dev.env)`,
    )
  })

  it('asks for a token when there is none', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'sb-cli-empty-'))
    try {
      const r = await cli(['get', 'bots'], { cwd: empty })
      expect(r.code).toBe(1)
      expect(r.err).toContain('no admin token: set SWITCHBOARD_ADMIN_TOKEN')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})
