import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectNats, ensureStreams, jetstream, natsNames } from '@switchboard/nats'
import { CliError } from '../cli/errors.js'
import { findOnPath, startNatsServer } from './nats-server.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-nats-server-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('the nats-server switchboard dev starts', () => {
  it('tells how to install nats-server when it is not on PATH', async () => {
    const err = await startNatsServer({
      storeDir: join(dir, 'none'),
      path: join(dir, 'empty-bin'),
      fallbackDirs: [],
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CliError)
    const message = (err as Error).message
    expect(message).toContain('nats-server was not found on PATH')
    expect(message).toContain('sudo apt-get install nats-server')
    expect(message).toContain('NATS_URL')
  })

  it('finds it where Debian installs it, outside a normal user’s PATH', async () => {
    const sbin = join(dir, 'sbin')
    await mkdir(sbin)
    await writeFile(join(sbin, 'nats-server'), '#!/bin/sh\n', { mode: 0o755 })
    await writeFile(join(dir, 'not-executable'), '')
    expect(findOnPath('nats-server', join(dir, 'empty-bin'), [sbin])).toBe(join(sbin, 'nats-server'))
    expect(findOnPath('not-executable', dir)).toBeUndefined()
  })

  it('runs with JetStream from PATH, and stops with its process', async () => {
    const server = await startNatsServer({ storeDir: join(dir, 'store'), path: process.env.PATH, port: 0 })
    const nc = await connectNats(server.url, 'nats-server-test')
    try {
      const names = natsNames('DEVTEST')
      await ensureStreams(nc, names)
      const ack = await jetstream(nc).publish(names.subjects.webhook('inst_x'), 'stored')
      expect(ack.stream).toBe(names.streams.webhooks)
    } finally {
      await nc.close()
    }
    await server.stop()
    expect(() => process.kill(server.pid, 0)).toThrow()
  })
})
