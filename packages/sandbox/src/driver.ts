/**
 * The sandbox driver contract (ARCHITECTURE.md §6). The dispatcher only talks to this interface; the
 * process driver (local mode) and the kubernetes driver (cluster mode) implement it.
 */

/** A bundle addressed by its sha256; `load` fetches the bytes only when a sandbox must start. */
export interface BundleRef {
  sha256: string
  load(): Promise<Buffer>
}

/** Which sandbox to run a call in: one per integration (or bot) version, kept warm. */
export interface SandboxSpec {
  /** Stable key, e.g. the integration id; calls with the same key share one sandbox. */
  key: string
  bundle: BundleRef
  /** Environment of the sandbox: BP_API_URL, BP_TOKEN, BP_WEBHOOK_URL, SECRET_*. Fixed at start. */
  env: Record<string, string>
  /** Memory cap in MiB (default 256). */
  memoryMb?: number
}

/** One call of the invocation protocol: `POST /` with these headers and body. */
export interface InvokeRequest {
  sandbox: SandboxSpec
  /** x-bp-operation, x-bot-id, x-bot-user-id, x-integration-id, x-integration-alias, x-webhook-id,
   *  x-bp-configuration (base64 JSON), x-bp-delivery-id (`INVOKE_HEADERS`), traceparent, tracestate. */
  headers: Record<string, string>
  /** JSON body of the operation, e.g. `{"req":{...}}` for webhook_received. */
  body: string
  /** Kill and restart the sandbox if the call takes longer (default 30 s). */
  timeoutMs?: number
}

/** The handler's HTTP answer. A 5xx from the handler is a response, not an exception. */
export interface InvokeResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * Runs bundles and invokes them. `invoke` throws `TimeoutError` when the call passed its deadline (the
 * sandbox is then killed and restarted), `UnavailableError` when the sandbox could not start or crashed
 * mid-call (retryable), `InvalidInputError` when the bundle failed its sha256 check or would not load.
 */
export interface SandboxDriver {
  invoke(req: InvokeRequest): Promise<InvokeResponse>
  /** Stops every sandbox. */
  close(): Promise<void>
  /** Subscribes to the sandboxes' lifecycle (drivers that run sandboxes themselves). */
  observe?(observer: (event: SandboxEvent) => void): void
  /** The sandboxes this driver runs now (drivers that run sandboxes themselves). */
  sandboxes?(): SandboxInfo[]
}

/**
 * A sandbox lifecycle event: a process started (the first for its key, a restart after a crash, or a
 * replacement for a new version), crashed (exited unexpectedly or failed to start), or a call went in
 * (`cold` when it had to wait for a process to start).
 */
export type SandboxEvent =
  | { kind: 'started'; key: string; reason: 'first' | 'restart' | 'replaced' }
  | { kind: 'crashed'; key: string }
  | { kind: 'call'; key: string; cold: boolean }

/** One sandbox as a driver sees it: never its env (secrets), only what an operator may look at. */
export interface SandboxInfo {
  key: string
  /** sha256 of the bundle it runs (the version). */
  bundleSha256: string
  running: boolean
  pid?: number
  /** Resident memory of its process tree, when the platform can tell. */
  rssBytes?: number
  memoryLimitMb: number
  /** Processes started for this key since the driver began (restarts = starts - 1). */
  starts: number
  /** Crashes since the driver began; `consecutiveCrashes` is reset by a call that completes. */
  crashes: number
  consecutiveCrashes: number
  /** When the current process started (ms since epoch). */
  startedAt?: number
}

/** What a dispatcher publishes on NATS `sandboxStatus` now and then: the sandboxes its driver runs. */
export interface SandboxStatusRecord {
  /** The dispatcher (host and pid). */
  dispatcher: string
  time: string
  sandboxes: SandboxInfo[]
}
