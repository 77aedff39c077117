/**
 * The sandbox's end of its loopback bridges (docs/adr/0007-sandbox-network.md): each bridged port
 * (the Runtime API's, and any SANDBOX_LOOPBACK_PORTS) is a Unix socket whose other end the driver
 * pipes to the real port on the host's loopback. Node built-ins only: this file is bundled into the
 * runner.
 *
 * Two ways in, to the same sockets: a TCP listener on 127.0.0.1:<port> inside the sandbox's network
 * namespace, which pipes each connection to the socket (any client, any URL); and, for the clients of
 * this process (node:http, so the SDK's axios, and fetch, whose sockets are all `net.Socket`s), a
 * connection to a bridged loopback port opened on the socket itself, which saves the loopback TCP
 * connection and the copy through the listener on every request. Either way only the bridged ports
 * are reached; every other port on 127.0.0.1 stays closed.
 */
import { connect, createServer, Socket } from 'node:net'

/** One bridged port and the Unix socket that leads to it. */
export interface LoopbackBridge {
  port: number
  socket: string
}

/** Hosts that name the sandbox's own loopback, where the bridges listen (no host means localhost). */
const LOOPBACK_HOSTS = new Set([undefined, '', 'localhost', '127.0.0.1'])

/**
 * Listens on 127.0.0.1:<port> (inside the sandbox's own network namespace) for each bridge and pipes
 * every connection to its socket; resolves once all listen. A listener's error goes to `fail`.
 */
export function openBridges(bridges: LoopbackBridge[], fail: (message: string) => void): Promise<void[]> {
  return Promise.all(
    bridges.map(
      (b) =>
        new Promise<void>((resolve) => {
          const server = createServer((inside) => {
            const outside = connect(b.socket)
            inside.pipe(outside).pipe(inside)
            inside.on('error', () => outside.destroy())
            outside.on('error', () => inside.destroy())
          })
          server.on('error', (err) => fail(`cannot bridge 127.0.0.1:${b.port}: ${err.message}`))
          server.listen(b.port, '127.0.0.1', resolve)
        }),
    ),
  )
}

/** What a TCP connect asks for, as `net.Socket#connect` receives it (the options form). */
interface ConnectOptions {
  host?: string | null
  port?: number | string | null
  path?: string | null
}

/**
 * The bridge socket a connection with these options should open instead, or undefined to connect as
 * asked: a TCP connection (no `path`) to a bridged port on the sandbox's loopback.
 */
export function bridgeSocketFor(
  options: ConnectOptions,
  sockets: ReadonlyMap<number, string>,
): string | undefined {
  if (options.path || options.port === undefined || options.port === null) return undefined
  if (!LOOPBACK_HOSTS.has(options.host ?? undefined)) return undefined
  return sockets.get(Number(options.port))
}

/**
 * Makes every `net.Socket` of this process that connects to a bridged port on the sandbox's loopback
 * open the bridge's Unix socket instead (see the module comment). Takes every form `connect` is
 * called with: the arguments `net.connect` has already normalised (node:http's agents, fetch), an
 * options object, or `(port, host)`.
 */
export function connectBridgesDirectly(bridges: LoopbackBridge[]): void {
  if (!bridges.length) return
  const sockets = new Map(bridges.map((b) => [b.port, b.socket]))
  const original = Socket.prototype.connect as (this: Socket, ...args: unknown[]) => Socket
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]): Socket {
    const first = args[0]
    if (Array.isArray(first)) {
      // Normalised by net.connect: [options, callback], marked with a symbol net checks; keep the array.
      const path = bridgeSocketFor((first[0] ?? {}) as ConnectOptions, sockets)
      if (path) first[0] = { ...(first[0] as object), path }
    } else if (first !== null && typeof first === 'object') {
      const path = bridgeSocketFor(first as ConnectOptions, sockets)
      if (path) args[0] = { ...first, path }
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      const host = typeof args[1] === 'string' ? args[1] : undefined
      const path = bridgeSocketFor({ port: first, host }, sockets)
      if (path) return original.call(this, { path }, ...args.slice(host === undefined ? 1 : 2))
    }
    return original.apply(this, args)
  } as typeof Socket.prototype.connect
}
