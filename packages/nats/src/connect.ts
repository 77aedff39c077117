import { connect, type NatsConnection } from '@nats-io/transport-node'

/**
 * Connects to NATS, reconnecting forever; `name` shows in the server's connection list. Without
 * `waitOnFirstConnect` it fails at once when NATS is unreachable; with it, the promise resolves only
 * once a first connection succeeds (keep it pending, off the start path, for services that must serve
 * and buffer work while NATS is down).
 */
export async function connectNats(
  url: string,
  name: string,
  opts: { waitOnFirstConnect?: boolean } = {},
): Promise<NatsConnection> {
  return connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    waitOnFirstConnect: opts.waitOnFirstConnect ?? false,
  })
}
