/**
 * What the runner and the driver that starts it agree on: the settings it reads from its environment,
 * the exit codes it uses when it cannot start, and the line it prints once it serves. Node built-ins
 * only: this file is bundled into the runner.
 */

/** Environment variables the runner reads at start. The driver sets them; a bundle never sees them. */
export const RUNNER_ENV = {
  /** Absolute path of the CommonJS bundle to load (gzip'd is accepted: it is unzipped after the check). */
  bundlePath: 'SB_BUNDLE_PATH',
  /** Expected sha256 (hex) of the bundle's bytes as read or downloaded; checked before anything else. */
  bundleSha256: 'SB_BUNDLE_SHA256',
  /** An http(s) URL to download the bundle from instead of reading SB_BUNDLE_PATH (Kubernetes sandboxes). */
  bundleUrl: 'SB_BUNDLE_URL',
  /** Writable directory for a downloaded or gzip'd bundle once checked (default: the OS temp directory). */
  workDir: 'SB_WORK_DIR',
  /** Port to listen on (default 0: any free port, reported in the ready line). */
  port: 'SB_RUNNER_PORT',
  /** Address to listen on (default 127.0.0.1; a Kubernetes sandbox pod listens on 0.0.0.0). */
  host: 'SB_RUNNER_HOST',
  /** Largest request body accepted; larger ones get 413 (default 10 MiB). */
  bodyLimitBytes: 'SB_BODY_LIMIT_BYTES',
  /**
   * A Unix socket path to serve on instead of a TCP port: a sandbox with its own network namespace
   * is reached through a socket in a directory bound into it.
   */
  socket: 'SB_RUNNER_SOCKET',
  /**
   * Loopback bridges of an isolated sandbox: `port=/path.sock,…`. For each, the runner listens on
   * 127.0.0.1:<port> inside the sandbox and pipes every connection to the socket, which the driver
   * connects to the same port on the host's loopback (the Runtime API, so BP_API_URL works unchanged);
   * the runner's own clients open the socket directly (loopback-bridges.ts).
   */
  bridges: 'SB_LOOPBACK_BRIDGES',
} as const

/**
 * The headers of an invocation (`POST /` to the runner, or a signed POST to an endpoint bot), as the
 * SDK's integration and bot servers read them (ARCHITECTURE.md §6). The dispatcher sets them; the
 * runner and the handlers read them. This is their one home: `@switchboard/sandbox` re-exports it.
 */
export const INVOKE_HEADERS = {
  operation: 'x-bp-operation',
  /** The bot server's sub-type: the event type for `event_received`, else the operation again. */
  type: 'x-bp-type',
  botId: 'x-bot-id',
  botUserId: 'x-bot-user-id',
  integrationId: 'x-integration-id',
  integrationAlias: 'x-integration-alias',
  webhookId: 'x-webhook-id',
  /** base64 of the configuration JSON. */
  configuration: 'x-bp-configuration',
  /** Which of the integration's `configurations` the installation uses; absent for the default one. */
  configurationType: 'x-bp-configuration-type',
  /**
   * Names the delivery being handled: the same on every redelivery of one webhook or notice (its
   * stream and message id or sequence), so a receiver can recognise a repeat, and the runner derives
   * the Runtime API idempotency keys of the handler's writes from it (docs/adr/0006-effects-once.md).
   */
  deliveryId: 'x-bp-delivery-id',
} as const

/**
 * The Runtime API request header the runner adds to a handler's writes during an invocation with a
 * delivery id (the IETF `Idempotency-Key`, as Stripe uses it). chat-api answers a repeated key with
 * the first answer instead of doing the write again.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'

/** Default of `SB_BODY_LIMIT_BYTES`. */
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024

/** Exit codes of a runner that could not start (it prints the reason on stderr first). */
export const RUNNER_EXIT = {
  /** A setting is missing or malformed: a bug in whoever started it. */
  invalidSettings: 64,
  /** The bundle failed its sha256 check, threw while loading, or has no `.handler`. */
  invalidBundle: 65,
} as const

/** The one line the runner prints on stdout once it listens: on a TCP port, or on a Unix socket. */
export type ReadyLine = { ready: true; port: number } | { ready: true; socket: string }

/** Where the runner serves, if `line` is the ready line; else undefined. */
export function parseReady(line: string): { port: number } | { socket: string } | undefined {
  if (!line.startsWith('{"ready":')) return undefined
  try {
    const v = JSON.parse(line) as { ready?: unknown; port?: unknown; socket?: unknown }
    if (v.ready !== true) return undefined
    if (typeof v.socket === 'string' && v.socket.startsWith('/')) return { socket: v.socket }
    const port = v.port as number
    if (Number.isInteger(port) && port > 0 && port < 65536) return { port }
  } catch {
    // not the ready line: an ordinary log line that happens to start the same way
  }
  return undefined
}

/** Returns the ready line's port if `line` is the ready line of a runner on a TCP port, else undefined. */
export function parseReadyLine(line: string): number | undefined {
  const r = parseReady(line)
  return r && 'port' in r ? r.port : undefined
}

/** Parses `SB_LOOPBACK_BRIDGES` (`port=/path.sock,…`); throws on a malformed entry. */
export function parseBridges(value: string): Array<{ port: number; socket: string }> {
  if (!value) return []
  return value.split(',').map((entry) => {
    const m = /^(\d{1,5})=(\/\S+)$/.exec(entry)
    const port = Number(m?.[1])
    if (!m || port < 1 || port > 65535) throw new Error(`bad loopback bridge ${JSON.stringify(entry)}`)
    return { port, socket: m[2]! }
  })
}

/** Formats loopback bridges for `SB_LOOPBACK_BRIDGES`. */
export function formatBridges(bridges: Array<{ port: number; socket: string }>): string {
  return bridges.map((b) => `${b.port}=${b.socket}`).join(',')
}
