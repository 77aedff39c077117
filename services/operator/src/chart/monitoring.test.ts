import { beforeAll, describe, expect, it } from 'vitest'
import { renderChart, renderMonitoring, validateObject, type RenderedObject } from './render.js'

/** Sections of docs/operating.md the alerts link to. */
async function docSections(): Promise<Set<string>> {
  const { readFile } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const { REPO_ROOT } = await import('./helm.js')
  const md = await readFile(join(REPO_ROOT, 'docs/operating.md'), 'utf8')
  return new Set(
    [...md.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    ),
  )
}

describe('the chart’s dashboards and alerts', () => {
  let monitoring: Awaited<ReturnType<typeof renderMonitoring>>
  beforeAll(async () => {
    monitoring = await renderMonitoring()
  })

  it('are off by default', async () => {
    const objs = await renderChart()
    expect(objs.filter((o) => o.kind === 'PrometheusRule')).toEqual([])
    expect(objs.filter((o) => o.metadata.name.includes('dashboard'))).toEqual([])
  })

  it('render, with both on, objects that validate against kubernetes-models and the Prometheus operator’s', async () => {
    for (const o of monitoring.objects) await validateObject(o)
    const kinds = monitoring.objects.map((o: RenderedObject) => o.kind)
    expect(kinds).toContain('PrometheusRule')
  })

  it('ship the five dashboards for Grafana’s sidecar, every panel on the `datasource` variable', () => {
    expect(Object.keys(monitoring.dashboards).sort()).toEqual([
      'data-plane',
      'delivery',
      'operator',
      'overview',
      'sandboxes',
    ])
    const maps = monitoring.objects.filter(
      (o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'dashboards',
    )
    for (const m of maps) expect(m.metadata.labels?.grafana_dashboard).toBe('1')
    for (const [name, d] of Object.entries(monitoring.dashboards)) {
      expect(
        d.templating.list.find((v) => v.name === 'datasource'),
        name,
      ).toMatchObject({
        type: 'datasource',
        query: 'prometheus',
      })
      expect(d.panels.length, name).toBeGreaterThan(2)
      for (const p of d.panels) {
        expect(p.datasource.uid, `${name}: ${p.title}`).toBe('${datasource}')
        for (const t of p.targets) expect(t.datasource.uid).toBe('${datasource}')
      }
    }
  })

  it('alert on dead letters, lag, errors, crash loops, the outbox and services down, each saying what to do with a link to its docs section', async () => {
    const rules = monitoring.groups.flatMap((g) => g.rules)
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'SwitchboardDeadLetters',
        'SwitchboardDeadLetterQueueGrowing',
        'SwitchboardConsumerLag',
        'SwitchboardHandlerErrors',
        'SwitchboardSandboxCrashLoop',
        'SwitchboardOutboxBacklog',
        'SwitchboardServiceDown',
      ]),
    )
    const sections = await docSections()
    for (const r of rules) {
      expect(r.annotations.summary, r.alert).toBeTruthy()
      expect(r.annotations.description?.length, r.alert).toBeGreaterThan(40)
      const anchor = /docs\/operating\.md#([a-z0-9-]+)$/.exec(r.annotations.runbook_url ?? '')?.[1]
      expect(anchor, `${r.alert} links to a section of docs/operating.md`).toBeDefined()
      expect(sections, `${r.alert}: docs/operating.md has a section #${anchor}`).toContain(anchor)
    }
  })

  it('put the dashboards where the sidecar looks, and the rule where the Prometheus selects it', async () => {
    const { objects } = await renderMonitoring(
      '--set',
      'grafanaDashboards.namespace=monitoring',
      '--set',
      'prometheusRule.labels.release=kube-prometheus-stack',
    )
    const maps = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'dashboards')
    expect(maps.map((m) => m.metadata.namespace)).toEqual(Array(5).fill('monitoring'))
    expect(objects.find((o) => o.kind === 'PrometheusRule')?.metadata.labels?.release).toBe(
      'kube-prometheus-stack',
    )
  })
})
