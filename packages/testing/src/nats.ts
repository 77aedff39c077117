import { randomBytes } from 'node:crypto'
import {
  connectNats,
  deleteStreams,
  jetstreamManager,
  natsNames,
  type ChatNotice,
  type NatsConnection,
  type NatsNames,
} from '@switchboard/nats'

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

/** Every message currently in `stream`, decoded as a notice, with its subject and `Nats-Msg-Id`. */
export async function streamNotices(
  nats: Pick<TestNats, 'nc'>,
  stream: string,
): Promise<Array<{ subject: string; notice: ChatNotice; msgId?: string }>> {
  const jsm = await jetstreamManager(nats.nc)
  const info = await jsm.streams.info(stream).catch(() => null)
  if (!info) return []
  const out = []
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null)
    if (m) out.push({ subject: m.subject, notice: m.json<ChatNotice>(), msgId: m.header?.get('Nats-Msg-Id') })
  }
  return out
}
