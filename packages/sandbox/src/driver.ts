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
}
