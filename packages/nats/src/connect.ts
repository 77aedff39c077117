import { connect, type NatsConnection } from '@nats-io/transport-node'

/**
 * Connects to NATS, reconnecting forever; `name` shows in the server's connection list. With
 * `waitOnFirstConnect` the call returns at once and keeps trying in the background, for services
 * that must start (and buffer work) while NATS is down.
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
