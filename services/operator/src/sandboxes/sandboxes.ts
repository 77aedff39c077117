import { createHash } from 'node:crypto'
import { NotFoundError } from '@switchboard/errors'
import type { Logger } from '@switchboard/logging'
import type { AdminClient } from '@switchboard/proto'
import type { RuntimeSpec } from '@switchboard/resources'
import { SANDBOX_LABELS, sandboxName, sandboxObjects, type SandboxBundle } from '@switchboard/sandbox'
import { refOf, TYPES, type KubeApi, type KubeObject } from '../kube/api.js'

/** The label selector of every sandbox Deployment the operator keeps. */
export const SANDBOX_SELECTOR = `${SANDBOX_LABELS.managedBy}=switchboard-operator`

/** Annotation holding the hash of what the operator last applied to an object. */
export const APPLIED_HASH = 'switchboard.dev/applied-hash'
/** Annotation on a sandbox token Secret naming the token at chat-api (so it can be revoked). */
export const TOKEN_ID = 'switchboard.dev/token-id'

/** Cluster-wide settings of the sandboxes the operator keeps. */
export interface SandboxSettings {
  runnerImage: string
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never'
  /** The Runtime API as sandboxes reach it (their BP_API_URL). */
  chatApiUrl: string
  dispatcher: { namespace: string; podLabels: Record<string, string> }
  defaultMemoryMb: number
}

/** What one sandbox should be. */
export interface DesiredSandbox {
  /** The integration (or bot) version's id at chat-api. */
  key: string
  tokenFor: { kind: 'integration'; integrationId: string } | { kind: 'bot'; botId: string }
  bundle: SandboxBundle
  runtime?: RuntimeSpec
  env: Record<string, string>
  secretsFrom?: string
  secretsVersion?: string
}

/** The state of a sandbox's Deployment. */
export interface SandboxState {
  ready: boolean
  reason: string
  message: string
}

const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 32)

/**
 * Keeps the sandboxes of Integrations and Bots: per version a token Secret (the BP_TOKEN the operator
 * minted for it), a NetworkPolicy, a Service and a Deployment, all owned by the resource. `ensure`
 * makes at most one change per call, so each reconcile pass does one thing and starts again from
 * the current state.
 */
export class Sandboxes {
  constructor(
    private readonly kube: KubeApi,
    private readonly admin: AdminClient,
    private readonly settings: SandboxSettings,
    private readonly logger: Logger,
  ) {}

  /** Makes one change towards `want`; returns what it did, or undefined when everything is in place. */
  async ensure(owner: KubeObject, want: DesiredSandbox): Promise<string | undefined> {
    const namespace = owner.metadata.namespace ?? 'default'
    const name = sandboxName(want.key)
    const ownerRef = {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name,
      uid: owner.metadata.uid ?? '',
    }
    const labels = { [SANDBOX_LABELS.ownerUid]: ownerRef.uid, [SANDBOX_LABELS.key]: want.key }

    const tokenName = `${name}-token`
    if (!(await this.kube.get({ ...TYPES.Secret, namespace, name: tokenName }))) {
      const token = await this.admin.CreateToken({
        kind: want.tokenFor.kind,
        integrationId: want.tokenFor.kind === 'integration' ? want.tokenFor.integrationId : '',
        botId: want.tokenFor.kind === 'bot' ? want.tokenFor.botId : '',
        name: `sandbox:${namespace}/${owner.metadata.name}`,
      })
      await this.kube.create({
        ...TYPES.Secret,
        metadata: {
          name: tokenName,
          namespace,
          labels,
          annotations: { [TOKEN_ID]: token.id },
          ownerReferences: [{ ...ownerRef, controller: true }],
        },
        type: 'Opaque',
        data: { token: Buffer.from(token.secret).toString('base64') },
      })
      return `created the sandbox token Secret ${tokenName}`
    }

    const rt = want.runtime ?? {}
    const objects = sandboxObjects({
      key: want.key,
      namespace,
      owner: ownerRef,
      bundle: want.bundle,
      runnerImage: this.settings.runnerImage,
      imagePullPolicy: this.settings.imagePullPolicy,
      env: { BP_API_URL: this.settings.chatApiUrl, ...want.env },
      token: { secretName: tokenName, key: 'token' },
      ...(want.secretsFrom && { secretsFrom: want.secretsFrom, secretsVersion: want.secretsVersion ?? '' }),
      replicas: rt.replicas ?? 1,
      memoryMb: rt.memory ? memoryMb(rt.memory) : this.settings.defaultMemoryMb,
      ...(rt.runtimeClassName && { runtimeClassName: rt.runtimeClassName }),
      ...(rt.timeoutMs !== undefined && { timeoutMs: rt.timeoutMs }),
      ...(rt.concurrency !== undefined && { concurrency: rt.concurrency }),
      dispatcher: this.settings.dispatcher,
    })
    // The NetworkPolicy first, so a sandbox pod never runs unprotected.
    for (const desired of [objects.networkPolicy, objects.service, objects.deployment] as KubeObject[]) {
      const applied = hash(desired)
      const existing = await this.kube.get(refOf(desired))
      const annotations = { ...desired.metadata.annotations, [APPLIED_HASH]: applied }
      if (!existing) {
        await this.kube.create({ ...desired, metadata: { ...desired.metadata, annotations } })
        return `created ${desired.kind} ${desired.metadata.name}`
      }
      if (existing.metadata.annotations?.[APPLIED_HASH] !== applied) {
        const next: KubeObject = {
          ...desired,
          metadata: { ...desired.metadata, annotations, resourceVersion: existing.metadata.resourceVersion },
        }
        if (desired.kind === 'Service') {
          // Allocated by the API server; immutable.
          const spec = existing.spec as { clusterIP?: string; clusterIPs?: string[] }
          next.spec = { ...(desired.spec as object), clusterIP: spec.clusterIP, clusterIPs: spec.clusterIPs }
        }
        await this.kube.update(next)
        return `updated ${desired.kind} ${desired.metadata.name}`
      }
    }
    return undefined
  }

  /** Whether the sandbox of `key` serves: its Deployment rolled out with at least one ready pod. */
  async state(namespace: string, key: string): Promise<SandboxState> {
    const d = await this.kube.get<
      KubeObject & {
        spec?: { replicas?: number }
        status?: { readyReplicas?: number; updatedReplicas?: number; observedGeneration?: number }
      }
    >({ ...TYPES.Deployment, namespace, name: sandboxName(key) })
    if (!d)
      return { ready: false, reason: 'SandboxMissing', message: 'the sandbox Deployment does not exist yet' }
    const want = d.spec?.replicas ?? 1
    if (want === 0) return { ready: true, reason: 'ScaledToZero', message: 'runtime.replicas is 0' }
    const s = d.status ?? {}
    if ((s.observedGeneration ?? 0) < (d.metadata.generation ?? 0) || (s.updatedReplicas ?? 0) < want) {
      return { ready: false, reason: 'RollingOut', message: `${s.updatedReplicas ?? 0}/${want} pods updated` }
    }
    if ((s.readyReplicas ?? 0) < 1) {
      return {
        ready: false,
        reason: 'PodsNotReady',
        message: `0/${want} pods ready (see the pods of ${d.metadata.name})`,
      }
    }
    return { ready: true, reason: 'Available', message: `${s.readyReplicas}/${want} pods ready` }
  }

  /** The keys of the sandboxes `owner` has (from its Deployments and token Secrets). */
  async keysOf(owner: KubeObject): Promise<string[]> {
    const selector = `${SANDBOX_LABELS.ownerUid}=${owner.metadata.uid}`
    const namespace = owner.metadata.namespace
    const [deployments, secrets] = await Promise.all([
      this.kube.list(TYPES.Deployment, { namespace, labelSelector: selector }),
      this.kube.list(TYPES.Secret, { namespace, labelSelector: selector }),
    ])
    const keys = new Set<string>()
    for (const o of [...deployments.items, ...secrets.items]) {
      const k = o.metadata.labels?.[SANDBOX_LABELS.key]
      if (k) keys.add(k)
    }
    return [...keys].sort()
  }

  /** Deletes a sandbox's objects and revokes its token. */
  async remove(namespace: string, key: string): Promise<void> {
    const name = sandboxName(key)
    for (const type of [TYPES.Deployment, TYPES.Service, TYPES.NetworkPolicy]) {
      await this.kube.delete({ ...type, namespace, name })
    }
    const secret = await this.kube.get({ ...TYPES.Secret, namespace, name: `${name}-token` })
    const tokenId = secret?.metadata.annotations?.[TOKEN_ID]
    if (tokenId) {
      await this.admin.RevokeToken({ id: tokenId }).catch((err: unknown) => {
        if (!(err instanceof NotFoundError)) throw err
      })
    }
    if (secret) await this.kube.delete(refOf(secret))
    this.logger.info({ namespace, sandbox: name }, 'sandbox removed')
  }
}

/** `256Mi` → 256, `1Gi` → 1024. */
export function memoryMb(quantity: string): number {
  const m = /^([1-9][0-9]*)(Mi|Gi)$/.exec(quantity)
  if (!m) throw new Error(`invalid memory ${quantity}`)
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1)
}
