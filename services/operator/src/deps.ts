import type { Logger } from '@switchboard/logging'
import type { AdminClient, SecretsClient } from '@switchboard/proto'
import type { EventRecorder } from './controller/events.js'
import type { KubeApi } from './kube/api.js'
import type { Sandboxes, SandboxSettings } from './sandboxes/sandboxes.js'

/** Settings every reconciler reads. */
export interface OperatorSettings extends SandboxSettings {
  /** Public base URL of ingress: an installation's webhook URL is `<base>/<webhookId>`. */
  publicWebhookBaseUrl: string
  /** How long deletion waits for `unregister` (and for installations to go) before forcing, in ms. */
  deleteTimeoutMs: number
  /** Largest bundle accepted, in bytes. */
  bundleMaxBytes: number
  /** Namespaces the operator watches; empty = all. */
  watchNamespaces: string[]
}

/** What the reconcilers share. */
export interface ReconcilerDeps {
  kube: KubeApi
  admin: AdminClient
  secrets: SecretsClient
  events: EventRecorder
  sandboxes: Sandboxes
  settings: OperatorSettings
  logger: Logger
  /** Downloads URL bundles (global fetch by default). */
  fetch?: typeof fetch
}

/** Requeue delays, in ms. */
export const REQUEUE = {
  now: 0,
  /** Waiting for something that usually happens within seconds (a rollout, a register run). */
  soon: 2_000,
  /** Waiting on another resource or a retryable failure. */
  later: 15_000,
  /** A problem only a change to the spec (or a referenced object) fixes: checked again rarely. */
  stuck: 300_000,
} as const
