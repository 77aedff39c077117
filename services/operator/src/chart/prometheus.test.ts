/**
 * The chart's dashboards and alerts against a real Prometheus scraping a real platform under traffic:
 * every panel query and alert expression evaluates, the overview and delivery panels have series, and
 * a poison webhook fires the dead-letter alert.
 */
import { ADMIN_TOKEN } from '@switchboard/chat-api/testing'
import {
  installExample,
  startPlatform,
  startSink,
  type Platform,
  type Sink,
} from '@switchboard/dispatcher/testing'
import { READER_TOKEN } from '@switchboard/secrets/testing'
import { waitFor } from '@switchboard/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPrometheus, type Prometheus } from '../testing/prometheus.js'
import { renderMonitoring, type Dashboard } from './render.js'

/** A panel query as Prometheus gets it once Grafana has filled in its variables. */
const asQuery = (expr: string) =>
  expr.replaceAll('$__rate_interval', '15s').replaceAll('$installation', '.*').replaceAll('${datasource}', '')

let p: Platform
let sink: Sink
let prom: Prometheus
let dashboards: Record<string, Dashboard>
let alertExprs: Array<{ alert: string; expr: string }>
let installationId: string
let webhookId: string
const endpoints: string[] = []

beforeAll(async () => {
  const [platform, s, monitoring] = await Promise.all([
    startPlatform(),
    // The poison below: the external service refuses this one answer, every time it is sent.
    startSink((body) => (body.text === 'echo: poison' ? 500 : 204)),
    renderMonitoring(),
  ])
  p = platform
  sink = s
  dashboards = monitoring.dashboards
  alertExprs = monitoring.groups.flatMap((g) => g.rules.map((r) => ({ alert: r.alert, expr: r.expr })))
  const jobs = [
    { job: 'sb-switchboard-chat-api', port: p.chat.api.httpPort },
    { job: 'sb-switchboard-secrets', port: p.secrets.service.httpPort },
    { job: 'sb-switchboard-ingress', port: p.ingress.port },
    { job: 'sb-switchboard-dispatcher', port: p.dispatcher.httpPort },
  ]
  endpoints.push(...jobs.map((j) => `http://127.0.0.1:${j.port}/metrics`))
  prom = await startPrometheus({
    jobs: jobs.map((j) => ({ job: j.job, targets: [`127.0.0.1:${j.port}`] })),
    ruleGroups: monitoring.groups,
  })
  ;({ installationId, webhookId } = await installExample(p, sink.url, {
    botName: 'echo-bot',
    bot: { bundle: p.echoBot.bundle },
  }))
}, 90_000)

afterAll(async () => {
  await prom?.close()
  await p?.close()
  await sink?.close()
})

const post = (body: string) =>
  fetch(`${p.ingressUrl}/${webhookId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })

describe('dashboards and alerts on a real Prometheus', () => {
  it('shows traffic on every overview and delivery panel, evaluates every query, and fires the dead-letter alert for a poison webhook', async () => {
    // Traffic: messages that the echo bot answers, through the integration to the sink.
    for (let i = 0; i < 5; i++) {
      const res = await post(
        JSON.stringify({ conversationId: `chat-${i}`, userId: 'ada', text: `hello ${i}` }),
      )
      expect(res.status).toBe(200)
    }
    await waitFor(
      'the echoes at the sink',
      () => sink.received.filter((r) => r.text?.toString().startsWith('echo:')).length >= 5,
      20_000,
    )
    // A poison message: the echo bot's answer to it is refused by the external service each time, so
    // the channel handler fails until its last attempt and the answer is dead-lettered. (A webhook the
    // handler answers with a 4xx is a final answer, acked, never a dead letter.)
    expect(
      (await post(JSON.stringify({ conversationId: 'chat-p', userId: 'ada', text: 'poison' }))).status,
    ).toBe(200)

    const fired = await waitFor(
      'SwitchboardDeadLetters to fire',
      async () =>
        (await prom.alerts()).find(
          (a) => a.labels.alertname === 'SwitchboardDeadLetters' && a.state === 'firing',
        ),
      30_000,
    )
    expect(fired.labels).toMatchObject({
      installation: installationId,
      consumer: 'dispatcher-outgoing',
      severity: 'warning',
    })
    expect(fired.annotations.runbook_url).toMatch(/docs\/operating\.md#dead-letters$/)

    for (const name of ['overview', 'delivery']) {
      for (const panel of dashboards[name]!.panels) {
        for (const t of panel.targets) {
          const q = asQuery(t.expr)
          await waitFor(
            `series for ${name} / ${panel.title}: ${q}`,
            async () => {
              const r = await prom.query(q)
              if (r.status !== 'success') throw new Error(r.error)
              return r.data!.result.length > 0
            },
            30_000,
          )
        }
      }
    }

    const failures: string[] = []
    const queries = [
      ...Object.entries(dashboards).flatMap(([name, d]) =>
        d.panels.flatMap((panel) =>
          panel.targets.map((t) => ({ what: `${name} / ${panel.title}`, q: asQuery(t.expr) })),
        ),
      ),
      ...alertExprs.map((a) => ({ what: `alert ${a.alert}`, q: a.expr })),
    ]
    for (const { what, q } of queries) {
      const r = await prom.query(q)
      if (r.status !== 'success') failures.push(`${what}: ${r.error}`)
    }
    expect(failures).toEqual([])
    // Prometheus loaded every rule, and none failed to evaluate.
    const rules = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> }
    }
    const loaded = rules.data.groups.flatMap((g) => g.rules)
    expect(loaded.map((r) => r.name).sort()).toEqual(alertExprs.map((a) => a.alert).sort())
    expect(loaded.filter((r) => r.health !== 'ok')).toEqual([])
  })

  it('keeps labels bounded and values out of the metrics: no conversation, message or user id, token or configuration', async () => {
    for (const url of endpoints) {
      const text = await (await fetch(url)).text()
      for (const forbidden of [ADMIN_TOKEN, READER_TOKEN, sink.url, 'chat-0', 'hello 0'])
        expect(text, url).not.toContain(forbidden)
      expect(text, url).not.toMatch(/"(conv|msg|user|evt|tok|state|obx)_[0-9A-Z]{26}"/)
    }
    // The installation id is a label (dashboards filter on it).
    const all = (await Promise.all(endpoints.map(async (u) => (await fetch(u)).text()))).join('\n')
    expect(all).toContain(`installation="${installationId}"`)
  })
})
