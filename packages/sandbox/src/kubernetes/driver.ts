import { Agent, request } from 'node:http'
import { InvalidInputError, TimeoutError, UnavailableError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import type { InvokeRequest, InvokeResponse, SandboxDriver } from '../driver.js'
import type { SandboxDirectory, SandboxEndpoint } from './directory.js'
import { runnerRequestHeaders, runnerResponseHeaders } from '../runner-headers.js'

/** Options of the kubernetes driver. */
export interface KubernetesSandboxOptions {
  /** Finds a key's Service (`ServiceDirectory` over the API server in a cluster). */
  directory: SandboxDirectory
  logger: Logger
  /** Call timeout when the request has none (default 30 s). */
  defaultTimeoutMs?: number
  /** Largest handler response read back (default 10 MiB). */
  responseLimitBytes?: number
}

/** Limits calls in flight for one key; callers beyond the limit wait their turn. */
class Gate {
  private active = 0
  private readonly waiting: (() => void)[] = []
  constructor(public limit: number) {}
  async enter(): Promise<void> {
    if (this.active < this.limit) {
      this.active++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }
  leave(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.active--
  }
}

/**
 * The cluster-mode sandbox driver (ARCHITECTURE.md §6). The operator keeps a Deployment, Service and
 * NetworkPolicy per integration version (`sandboxObjects`); this driver only calls them: it finds the
 * key's Service through the directory and `POST`s to `http://<svc>.<ns>.svc:8080/`. Bundle, env and
 * memory of the spec are fixed by the operator in the Deployment, so the driver ignores them. A call
 * past its deadline is a `TimeoutError` (the pod's liveness probe restarts a runner that hangs); a
 * missing sandbox or a failed connection is an `UnavailableError`, which the dispatcher retries.
 */
export class KubernetesSandboxDriver implements SandboxDriver {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 })
  private readonly gates = new Map<string, Gate>()
  private closed = false
  private readonly defaultTimeoutMs: number
  private readonly responseLimit: number

  constructor(private readonly o: KubernetesSandboxOptions) {
    this.defaultTimeoutMs = o.defaultTimeoutMs ?? 30_000
    this.responseLimit = o.responseLimitBytes ?? 10 * 1024 * 1024
  }

  async invoke(req: InvokeRequest): Promise<InvokeResponse> {
    if (this.closed) throw new UnavailableError('the sandbox driver is closed')
    const key = req.sandbox.key
    if (!key) throw new InvalidInputError('a sandbox needs a key')
    const endpoint = await this.o.directory.find(key)
    if (!endpoint) {
      throw new UnavailableError(`no sandbox for ${key} yet: is its Integration (or Bot) ready?`)
    }
    const requested = req.timeoutMs ?? this.defaultTimeoutMs
    const timeoutMs = Math.min(requested, endpoint.timeoutMs ?? requested)
    const gate = this.gate(key, endpoint)
    await gate.enter()
    try {
      return await this.call(endpoint, req, timeoutMs)
    } catch (err) {
      // The Service may have moved (the integration was upgraded or re-created): look it up again.
      if (err instanceof UnavailableError) this.o.directory.forget(key)
      throw err
    } finally {
      gate.leave()
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.agent.destroy()
  }

  private gate(key: string, endpoint: SandboxEndpoint): Gate {
    const limit = endpoint.concurrency ?? Number.POSITIVE_INFINITY
    let gate = this.gates.get(key)
    if (!gate) this.gates.set(key, (gate = new Gate(limit)))
    gate.limit = limit
    return gate
  }

  private call(endpoint: SandboxEndpoint, req: InvokeRequest, timeoutMs: number): Promise<InvokeResponse> {
    const key = req.sandbox.key
    const payload = Buffer.from(req.body, 'utf8')
    let headers: Record<string, string>
    try {
      headers = runnerRequestHeaders(req.headers)
    } catch (err) {
      return Promise.reject(
        new InvalidInputError(`invalid request header: ${(err as Error).message}`, { cause: err }),
      )
    }
    headers['content-length'] = String(payload.length)
    const url = new URL('/', endpoint.url)

    return new Promise<InvokeResponse>((resolve, reject) => {
      let settled = false
      const settle = (fn: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        fn()
      }
      const timer = setTimeout(() => {
        settle(() => reject(new TimeoutError(`sandbox ${key}: the call took longer than ${timeoutMs} ms`)))
        r.destroy()
      }, timeoutMs)
      const failed = (err: Error) =>
        settle(() =>
          reject(
            new UnavailableError(`sandbox ${key} at ${endpoint.url} failed: ${err.message}`, { cause: err }),
          ),
        )
      const r = request(
        { hostname: url.hostname, port: url.port, path: '/', method: 'POST', headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size <= this.responseLimit) return void chunks.push(chunk)
            res.destroy()
            settle(() =>
              reject(new InvalidInputError(`sandbox ${key}: response over ${this.responseLimit} bytes`)),
            )
          })
          res.on('error', failed)
          res.on('end', () =>
            settle(() =>
              resolve({
                status: res.statusCode ?? 500,
                headers: runnerResponseHeaders(res.headers),
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            ),
          )
        },
      )
      r.on('error', failed)
      r.end(payload)
    })
  }
}
