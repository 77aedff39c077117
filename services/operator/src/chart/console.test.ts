import { consoleEnv } from '@switchboard/console'
import type { z } from '@switchboard/config'
import { describe, expect, it } from 'vitest'
import { renderChart, validateObject, type RenderedObject } from './render.js'

type Pod = {
  automountServiceAccountToken?: boolean
  securityContext?: { runAsNonRoot?: boolean }
  containers: Array<{
    env?: Array<{
      name: string
      value?: string
      valueFrom?: { secretKeyRef?: { name: string; key: string } }
    }>
    securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean }
    readinessProbe?: { httpGet?: { path: string } }
  }>
}
const podOf = (o: RenderedObject) => (o.spec as { template: { spec: Pod } }).template.spec
const named = (objs: RenderedObject[], kind: string, name: string) =>
  objs.find((o) => o.kind === kind && o.metadata.name === name)

describe('the chart’s console', () => {
  it('is off by default', async () => {
    const objs = await renderChart()
    expect(objs.filter((o) => o.metadata.name.endsWith('-console'))).toEqual([])
  })

  it('renders a Deployment, a Service, an optional Ingress and its read-only token, valid and locked down', async () => {
    const objs = await renderChart(
      '--set',
      'console.enabled=true',
      '--set',
      'console.ingress.enabled=true',
      '--set',
      'console.ingress.host=console.example.com',
    )
    for (const o of objs) await validateObject(o)
    const deployment = named(objs, 'Deployment', 'sb-switchboard-console')!
    expect(named(objs, 'Service', 'sb-switchboard-console')).toBeDefined()
    expect(named(objs, 'Ingress', 'sb-switchboard-console')?.spec).toMatchObject({
      rules: [{ host: 'console.example.com' }],
    })
    const secret = named(objs, 'Secret', 'sb-switchboard-console')!
    expect(Buffer.from(secret.data!['readonly-token']!, 'base64').toString()).toHaveLength(48)

    const pod = podOf(deployment)
    expect(pod.automountServiceAccountToken).toBe(false)
    expect(pod.securityContext?.runAsNonRoot).toBe(true)
    const c = pod.containers[0]!
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false })
    expect(c.readinessProbe?.httpGet?.path).toBe('/readyz')
    // Exactly the variables the console reads, every required one set; tokens only from Secrets.
    const names = (c.env ?? []).map((e) => e.name)
    const shape = consoleEnv.shape as Record<string, z.ZodType>
    expect(names.filter((n) => !(n in shape))).toEqual([])
    const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success)
    expect(required.filter((k) => !names.includes(k))).toEqual([])
    for (const e of c.env ?? [])
      if (/TOKEN/.test(e.name)) expect(e.valueFrom?.secretKeyRef, e.name).toBeDefined()

    // The network policies let it reach the admin API and NATS, and nothing else changes.
    const chatApi = named(objs, 'NetworkPolicy', 'sb-switchboard-chat-api')!
    expect(JSON.stringify(chatApi.spec)).toContain('"app.kubernetes.io/component":"console"')
  })

  it('uses a given read-only token Secret instead of generating one', async () => {
    const objs = await renderChart(
      '--set',
      'console.enabled=true',
      '--set',
      'console.readonlyToken.existingSecret=my-console-token',
    )
    expect(named(objs, 'Secret', 'sb-switchboard-console')).toBeUndefined()
    const env = podOf(named(objs, 'Deployment', 'sb-switchboard-console')!).containers[0]!.env!
    expect(env.find((e) => e.name === 'CONSOLE_READONLY_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
      name: 'my-console-token',
      key: 'readonly-token',
    })
  })
})
