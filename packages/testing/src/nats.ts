import { randomBytes } from 'node:crypto'
import { connectNats, deleteStreams, natsNames, type NatsConnection, type NatsNames } from '@switchboard/nats'

/** The NATS server tests run against; override with `TEST_NATS_URL`. */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

/** A stream/subject prefix of its own for one test file, and a connection to inspect streams. */
export interface TestNats {
  url: string
  prefix: string
  names: NatsNames
  nc: NatsConnection
  /** Deletes this prefix's streams and closes the connection. */
  cleanup(): Promise<void>
}

/**
 * Gives a test file its own NATS prefix (`T<random>`), so streams never collide between files; on the
 * shared server unless `url` names another (e.g. one a benchmark started for itself).
 */
export async function createTestNats(url: string = TEST_NATS_URL): Promise<TestNats> {
  const prefix = `T${randomBytes(5).toString('hex')}`
  const names = natsNames(prefix)
  const nc = await connectNats(url, `test-${prefix}`)
  return {
    url,
    prefix,
    names,
    nc,
    async cleanup() {
      await deleteStreams(nc, names)
      await nc.close()
    },
  }
}
