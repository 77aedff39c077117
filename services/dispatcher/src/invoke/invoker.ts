import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import {
  InvalidInputError,
  SwitchboardError,
  TimeoutError,
  UnavailableError,
  type ErrorCode,
} from '@switchboard/errors'
import {
  encodeConfiguration,
  INVOKE_HEADERS as H,
  SIGNATURE_HEADER,
  signRequest,
  type BotOperation,
  type IntegrationOperation,
  type InvokeResponse,
  type SandboxDriver,
} from '@switchboard/sandbox'
import { currentTraceHeaders } from '@switchboard/telemetry'
import type { ConfigurationSource } from '../registry/configuration.js'
import type { BotTarget, Target } from '../registry/registry.js'
import type { SandboxTokens } from '../registry/sandbox-tokens.js'

const HTTP_AGENT = new HttpAgent({ keepAlive: true })
const HTTPS_AGENT = new HttpsAgent({ keepAlive: true })
/** The most of a bot endpoint's answer kept. */
const MAX_ANSWER_BYTES = 1024 * 1024

/** The handler answered with a 5xx (retryable) or 4xx (the request itself was refused; not retried). */
export class HandlerFailedError extends SwitchboardError {
  readonly code: ErrorCode
  constructor(
    readonly response: InvokeResponse,
    operation: string,
  ) {
    super(`${operation} handler answered ${response.status}: ${response.body.slice(0, 500)}`)
    this.code = response.status >= 500 ? 'Unavailable' : 'InvalidInput'
  }
}

/** Settings of the invoker. */
export interface InvokerOptions {
  driver: SandboxDriver
  config: ConfigurationSource
  tokens: SandboxTokens
  chatApiUrl: string
  publicWebhookBaseUrl: string
  timeoutMs: number
  memoryMb: number
  /** The driver loads bundles itself (process mode): an integration without one cannot run. */
  requireBundle: boolean
  /** Told about every integration handler call (for the per-installation log feed). */
  onCall?: (call: HandlerCall) => void
}

/** One integration handler call, as reported to `onCall`. */
export interface HandlerCall {
  installationId: string
  operation: IntegrationOperation
  started: number
  status?: number
  error?: Error
  /** What the handler reported through `metadata.setCost` (action calls). */
  cost?: number
}

/** The cost an action handler reported with `metadata.setCost` (`{output, meta: {cost}}`), if any. */
export function reportedCost(operation: string, body: string): number | undefined {
  if (operation !== 'action_triggered') return undefined
  try {
    const cost = (JSON.parse(body) as { meta?: { cost?: unknown } }).meta?.cost
    return typeof cost === 'number' && Number.isFinite(cost) && cost !== 0 ? cost : undefined
  } catch {
    return undefined
  }
}

/**
 * Invokes an integration operation in the integration's sandbox, with the headers of ARCHITECTURE.md
 * §6: identities, the installation's configuration (base64, from the secrets service, held briefly: ADR 0011)
 * and the active trace context.
 */
export class Invoker {
  constructor(private readonly opts: InvokerOptions) {}

  /**
   * Runs `operation` with `body` for the installation in `target`; throws HandlerFailedError on a
   * 4xx/5xx. `deliveryId` names the message being handled (`deliveryIdOf`), so a re-run creates
   * nothing twice. Each call is reported to `onCall` (the `switchboard logs` feed).
   */
  async integration(
    target: Target,
    operation: IntegrationOperation,
    body: unknown,
    deliveryId?: string,
  ): Promise<InvokeResponse> {
    const call = {
      installationId: target.installation.id,
      operation,
      started: Date.now(),
    }
    try {
      const res = await this.runIntegration(target, operation, body, deliveryId)
      this.opts.onCall?.({ ...call, status: res.status, cost: reportedCost(operation, res.body) })
      return res
    } catch (err) {
      // The configuration or secrets may be what failed: the retry reads them afresh.
      this.opts.config.forget(target.installation.id, target.integration.id)
      const status = err instanceof HandlerFailedError ? err.response.status : undefined
      this.opts.onCall?.({ ...call, status, error: err as Error })
      throw err
    }
  }

  private async runIntegration(
    target: Target,
    operation: IntegrationOperation,
    body: unknown,
    deliveryId: string | undefined,
  ): Promise<InvokeResponse> {
    const { installation, integration } = target
    if (this.opts.requireBundle && !integration.bundleSha256) {
      throw new InvalidInputError(
        `integration ${integration.name}@${integration.version} has no bundle to run`,
      )
    }
    const [configuration, secretEnv, token] = await Promise.all([
      this.opts.config.configuration(installation.id),
      this.opts.config.secretEnv(integration.id),
      this.opts.tokens.forIntegration(integration.id),
    ])
    const env = {
      BP_API_URL: this.opts.chatApiUrl,
      BP_TOKEN: token,
      BP_INTEGRATION_ID: integration.id,
      ...secretEnv,
    }
    const response = await this.opts.driver.invoke({
      sandbox: {
        // One sandbox per integration version; the driver restarts it when its env (secrets) changes.
        key: integration.id,
        bundle: target.bundle,
        env,
        memoryMb: this.opts.memoryMb,
      },
      headers: {
        'content-type': 'application/json',
        [H.operation]: operation,
        [H.botId]: installation.botId,
        [H.botUserId]: installation.botUserId || installation.botId,
        [H.integrationId]: integration.id,
        [H.integrationAlias]: installation.alias,
        [H.webhookId]: installation.webhookId,
        [H.configuration]: encodeConfiguration(configuration),
        ...(installation.configurationType && { [H.configurationType]: installation.configurationType }),
        ...(deliveryId && { [H.deliveryId]: deliveryId }),
        ...currentTraceHeaders(),
      },
      body: JSON.stringify(body),
      timeoutMs: this.opts.timeoutMs,
    })
    if (response.status >= 400) throw new HandlerFailedError(response, operation)
    return response
  }

  /**
   * Runs a bot operation (`event_received` with `x-bp-type`, as the SDK's bot server expects): in the
   * bot's sandbox when it runs a bundle, or as a signed POST to its endpoint. `deliveryId` as for
   * `integration`: an endpoint bot can drop a repeat by it.
   */
  async bot(
    target: BotTarget,
    operation: BotOperation,
    type: string,
    body: unknown,
    deliveryId?: string,
  ): Promise<InvokeResponse> {
    try {
      return await this.runBot(target, operation, type, body, deliveryId)
    } catch (err) {
      // The configuration or signing secret may be what failed: the retry reads them afresh.
      this.opts.config.forget(target.bot.id)
      throw err
    }
  }

  private async runBot(
    target: BotTarget,
    operation: BotOperation,
    type: string,
    body: unknown,
    deliveryId: string | undefined,
  ): Promise<InvokeResponse> {
    const { bot } = target
    const configuration = await this.opts.config.configuration(bot.id)
    const headers = {
      'content-type': 'application/json',
      [H.operation]: operation,
      [H.type]: type,
      [H.botId]: bot.id,
      [H.botUserId]: bot.id,
      [H.configuration]: encodeConfiguration(configuration),
      ...(deliveryId && { [H.deliveryId]: deliveryId }),
      ...currentTraceHeaders(),
    }
    const json = JSON.stringify(body)
    let response: InvokeResponse
    if (target.bundle) {
      const token = await this.opts.tokens.forBot(bot.id)
      response = await this.opts.driver.invoke({
        sandbox: {
          key: bot.id,
          bundle: target.bundle,
          env: { BP_API_URL: this.opts.chatApiUrl, BP_TOKEN: token, BP_BOT_ID: bot.id },
          memoryMb: this.opts.memoryMb,
        },
        headers,
        body: json,
        timeoutMs: this.opts.timeoutMs,
      })
    } else if (bot.endpoint?.url) {
      const secret = await this.opts.config.botSigningSecret(bot.id)
      response = await this.post(
        bot.endpoint.url,
        { ...headers, [SIGNATURE_HEADER]: signRequest(secret, json) },
        json,
      )
    } else {
      throw new InvalidInputError(`bot ${bot.name} has neither a bundle nor an endpoint`)
    }
    if (response.status >= 400) throw new HandlerFailedError(response, `bot ${operation}`)
    return response
  }

  /**
   * POSTs to a bot endpoint with node:http on kept-alive connections (`fetch`'s web streams cost the
   * dispatcher more than the call: docs/benchmarks.md); the answer's body is cut at 1 MiB.
   */
  private post(url: string, headers: Record<string, string>, body: string): Promise<InvokeResponse> {
    const target = new URL(url)
    const secure = target.protocol === 'https:'
    return new Promise<InvokeResponse>((resolve, reject) => {
      let settled = false
      const fail = (err: Error) => {
        if (settled) return
        settled = true
        clearTimeout(deadline)
        reject(
          err instanceof TimeoutError
            ? err
            : new UnavailableError(`bot endpoint unreachable: ${err.message}`, { cause: err }),
        )
      }
      const req = (secure ? httpsRequest : httpRequest)(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: secure ? HTTPS_AGENT : HTTP_AGENT,
        },
        (res) => {
          const chunks: Buffer[] = []
          let size = 0
          res.on('data', (c: Buffer) => {
            if (size < MAX_ANSWER_BYTES) chunks.push(c)
            size += c.length
          })
          res.on('error', fail)
          res.on('end', () => {
            if (settled) return
            settled = true
            clearTimeout(deadline)
            const flat: Record<string, string> = {}
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v
            const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES)
            resolve({ status: res.statusCode ?? 0, headers: flat, body: text })
          })
        },
      )
      // A timer cleared on the answer, not AbortSignal.timeout: that one fires (and builds an abort
      // error and its events) for every request, answered or not.
      const deadline = setTimeout(() => {
        fail(new TimeoutError(`bot endpoint did not answer within ${this.opts.timeoutMs} ms`))
        req.destroy()
      }, this.opts.timeoutMs)
      req.on('error', fail)
      req.end(body)
    })
  }

  /** The webhook URL an installation is reachable at (what `register` receives). */
  webhookUrl(target: Target): string {
    return `${this.opts.publicWebhookBaseUrl.replace(/\/$/, '')}/${target.installation.webhookId}`
  }
}
