/**
 * The Grafana dashboards the chart ships (deploy/helm/switchboard/dashboards/*.json), written from
 * the panel lists below so every dashboard has the same shape: a `datasource` template variable that
 * every panel uses, rate windows of `$__rate_interval`, and one row of two panels per line. The
 * metric names are those of each service's `metrics.ts` (or `telemetry.ts`). Run `npm run dashboards`
 * after changing a panel; the chart test checks the JSON files are what this script writes.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the chart keeps the dashboards. */
export const DASHBOARDS_DIR = fileURLToPath(
  new URL('../deploy/helm/switchboard/dashboards/', import.meta.url),
)

/** One time-series panel: a title, a unit and its queries (`legend` is Grafana's legendFormat). */
interface Panel {
  title: string
  description: string
  unit?: string
  targets: Array<{ expr: string; legend: string }>
}

/** One dashboard: its file name (and uid suffix), title, extra template variables and panels. */
interface Dashboard {
  file: string
  title: string
  description: string
  /** Query variables (label values), e.g. the installation filter. */
  variables?: Array<{ name: string; label: string; query: string }>
  panels: Panel[]
}

const R = '[$__rate_interval]'
const INST = 'installation=~"$installation"'

const DASHBOARDS: Dashboard[] = [
  {
    file: 'overview',
    title: 'Switchboard / Overview',
    description: 'Is traffic flowing: webhooks in, messages out, errors and end-to-end latency.',
    panels: [
      {
        title: 'Webhooks in',
        description: 'Webhook requests per second at ingress, by outcome (relayed = answered synchronously).',
        unit: 'reqps',
        targets: [
          { expr: `sum by (outcome) (rate(switchboard_ingress_webhooks_total${R}))`, legend: '{{outcome}}' },
        ],
      },
      {
        title: 'Messages out',
        description: 'Outgoing messages and lifecycle notices delivered to integrations per second.',
        unit: 'ops',
        targets: [
          {
            expr: `sum(rate(switchboard_dispatcher_deliveries_total{consumer="dispatcher-outgoing",outcome="ack"}${R}))`,
            legend: 'delivered',
          },
          {
            expr: `sum(rate(switchboard_dispatcher_deliveries_total{consumer="dispatcher-bot",outcome="ack"}${R}))`,
            legend: 'to bots',
          },
        ],
      },
      {
        title: 'Delivery errors',
        description: 'Deliveries that failed per second: nak (will be retried) and term (dead-lettered).',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (consumer, outcome) (rate(switchboard_dispatcher_deliveries_total{outcome=~"nak|term"}${R}))`,
            legend: '{{consumer}} {{outcome}}',
          },
        ],
      },
      {
        title: 'End-to-end latency (p95)',
        description:
          'Seconds from a message entering its stream to its handling acknowledged, 95th percentile.',
        unit: 's',
        targets: [
          {
            expr: `histogram_quantile(0.95, sum by (le, consumer) (rate(switchboard_dispatcher_end_to_end_seconds_bucket${R})))`,
            legend: '{{consumer}}',
          },
        ],
      },
      {
        title: 'Handler calls',
        description: 'Integration and bot handler calls per second, by outcome.',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (outcome) (rate(switchboard_dispatcher_handler_calls_total${R}))`,
            legend: '{{outcome}}',
          },
        ],
      },
      {
        title: 'Dead-letter queue',
        description: 'Messages held in SB_DEAD. It should stay flat; see docs/operating.md#dead-letters.',
        unit: 'short',
        targets: [
          {
            expr: `max by (stream) (switchboard_nats_stream_messages{stream=~"(.+_)?SB_DEAD"})`,
            legend: '{{stream}}',
          },
        ],
      },
    ],
  },
  {
    file: 'delivery',
    title: 'Switchboard / Delivery',
    description: 'Per installation: delivery rate and outcome, handler calls, retries, dead letters and lag.',
    variables: [
      {
        name: 'installation',
        label: 'Installation',
        query: 'label_values(switchboard_dispatcher_deliveries_total, installation)',
      },
    ],
    panels: [
      {
        title: 'Deliveries by outcome',
        description: 'JetStream deliveries per second by installation and outcome (ack, nak, term).',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (installation, outcome) (rate(switchboard_dispatcher_deliveries_total{${INST}}${R}))`,
            legend: '{{installation}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Handler calls by operation',
        description: 'Handler calls per second by installation, operation and outcome.',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (installation, operation, outcome) (rate(switchboard_dispatcher_handler_calls_total{${INST}}${R}))`,
            legend: '{{installation}} {{operation}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Handler duration (p95)',
        description: '95th percentile of handler call duration by operation.',
        unit: 's',
        targets: [
          {
            expr: `histogram_quantile(0.95, sum by (le, operation) (rate(switchboard_dispatcher_handler_duration_seconds_bucket{${INST}}${R})))`,
            legend: '{{operation}}',
          },
        ],
      },
      {
        title: 'Retries',
        description: 'Failed deliveries that will be retried, per second, by installation.',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (installation) (rate(switchboard_dispatcher_retries_total{${INST}}${R}))`,
            legend: '{{installation}}',
          },
        ],
      },
      {
        title: 'Dead letters (last hour)',
        description: 'Messages dead-lettered in the last hour, by installation and consumer.',
        unit: 'short',
        targets: [
          {
            expr: `sum by (installation, consumer) (increase(switchboard_dispatcher_dead_letters_total{${INST}}[1h]))`,
            legend: '{{installation}} {{consumer}}',
          },
        ],
      },
      {
        title: 'Consumer lag',
        description: 'Messages waiting for each durable consumer (read from JetStream), and those in flight.',
        unit: 'short',
        targets: [
          {
            expr: 'max by (consumer) (switchboard_dispatcher_consumer_pending)',
            legend: '{{consumer}} pending',
          },
          {
            expr: 'max by (consumer) (switchboard_dispatcher_consumer_ack_pending)',
            legend: '{{consumer}} in flight',
          },
        ],
      },
      {
        title: 'Webhooks by installation',
        description:
          'Webhook requests per second at ingress by installation and outcome: relayed (sync answer) vs accepted (202).',
        unit: 'reqps',
        targets: [
          {
            expr: `sum by (installation, outcome) (rate(switchboard_ingress_webhooks_total{${INST}}${R}))`,
            legend: '{{installation}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Synchronous answers',
        description: 'Share of stored webhooks answered synchronously by the handler rather than with a 202.',
        unit: 'percentunit',
        targets: [
          {
            expr: `sum(rate(switchboard_ingress_webhooks_total{${INST},outcome="relayed"}${R})) / sum(rate(switchboard_ingress_webhooks_total{${INST},outcome=~"relayed|accepted"}${R}))`,
            legend: 'sync',
          },
        ],
      },
    ],
  },
  {
    file: 'sandboxes',
    title: 'Switchboard / Sandboxes',
    description: 'Sandbox processes: starts (cold and warm calls), restarts, crashes, memory, and actions.',
    panels: [
      {
        title: 'Calls by start',
        description: 'Calls into sandboxes per second: cold (waited for a process to start) or warm.',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (sandbox, start) (rate(switchboard_dispatcher_sandbox_calls_total${R}))`,
            legend: '{{sandbox}} {{start}}',
          },
        ],
      },
      {
        title: 'Process starts',
        description: 'Sandbox processes started in the window, by reason (first, restart, replaced).',
        unit: 'short',
        targets: [
          {
            expr: `sum by (sandbox, reason) (increase(switchboard_dispatcher_sandbox_starts_total${R}))`,
            legend: '{{sandbox}} {{reason}}',
          },
        ],
      },
      {
        title: 'Crashes',
        description: 'Sandbox processes that exited unexpectedly, in the window.',
        unit: 'short',
        targets: [
          {
            expr: `sum by (sandbox) (increase(switchboard_dispatcher_sandbox_crashes_total${R}))`,
            legend: '{{sandbox}}',
          },
        ],
      },
      {
        title: 'Memory',
        description: 'Resident memory of each running sandbox process tree.',
        unit: 'bytes',
        targets: [
          { expr: 'sum by (sandbox) (switchboard_dispatcher_sandbox_memory_bytes)', legend: '{{sandbox}}' },
        ],
      },
      {
        title: 'Running sandboxes',
        description: 'Running sandbox processes, across dispatchers.',
        unit: 'short',
        targets: [{ expr: 'sum(switchboard_dispatcher_sandboxes)', legend: 'running' }],
      },
      {
        title: 'Action calls',
        description: 'callAction requests per second by action and status class.',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (action, status) (rate(switchboard_dispatcher_action_calls_total${R}))`,
            legend: '{{action}} {{status}}',
          },
        ],
      },
      {
        title: 'Action cost (setCost)',
        description: 'Cost reported by action handlers with setCost, per second, by installation.',
        unit: 'short',
        targets: [
          {
            expr: `sum by (installation) (rate(switchboard_dispatcher_action_cost_total${R}))`,
            legend: '{{installation}}',
          },
        ],
      },
      {
        title: 'Dispatcher memory',
        description: 'Resident memory of the dispatcher processes themselves.',
        unit: 'bytes',
        targets: [{ expr: 'process_resident_memory_bytes{service="dispatcher"}', legend: '{{instance}}' }],
      },
    ],
  },
  {
    file: 'data-plane',
    title: 'Switchboard / Data plane',
    description: 'Postgres pool, the outbox, NATS streams, and the Runtime and secrets APIs.',
    panels: [
      {
        title: 'Postgres pool',
        description: "chat-api's pool connections by state, and queries waiting for one.",
        unit: 'short',
        targets: [
          { expr: 'sum by (state) (switchboard_db_pool_connections)', legend: '{{state}}' },
          { expr: 'sum(switchboard_db_pool_waiting)', legend: 'waiting' },
        ],
      },
      {
        title: 'Outbox',
        description:
          'Rows written but not yet published to JetStream, the age of the oldest, and the replicas publishing them (1; 0 while none can).',
        unit: 'short',
        targets: [
          { expr: 'max(switchboard_chat_api_outbox_backlog)', legend: 'backlog' },
          { expr: 'max(switchboard_chat_api_outbox_oldest_age_seconds)', legend: 'oldest (s)' },
          { expr: 'sum(switchboard_chat_api_outbox_leader)', legend: 'publishing replicas' },
        ],
      },
      {
        title: 'Stream messages',
        description: 'Messages held in each JetStream stream.',
        unit: 'short',
        targets: [{ expr: 'max by (stream) (switchboard_nats_stream_messages)', legend: '{{stream}}' }],
      },
      {
        title: 'Stream bytes',
        description: 'Bytes held in each JetStream stream.',
        unit: 'bytes',
        targets: [{ expr: 'max by (stream) (switchboard_nats_stream_bytes)', legend: '{{stream}}' }],
      },
      {
        title: 'Runtime API requests',
        description: 'chat-api requests per second by route template and status.',
        unit: 'reqps',
        targets: [
          {
            expr: `sum by (route, status) (rate(switchboard_chat_api_requests_total${R}))`,
            legend: '{{route}} {{status}}',
          },
        ],
      },
      {
        title: 'Ingress publish latency (p99)',
        description: 'Seconds from a webhook publish to its JetStream acknowledgement, 99th percentile.',
        unit: 's',
        targets: [
          {
            expr: `histogram_quantile(0.99, sum by (le) (rate(switchboard_ingress_publish_duration_seconds_bucket${R})))`,
            legend: 'p99',
          },
        ],
      },
      {
        title: 'Secrets calls',
        description: 'Reads and writes of the secrets service per second, by method and identity.',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (method, identity) (rate(switchboard_secrets_calls_total${R}))`,
            legend: '{{method}} {{identity}}',
          },
        ],
      },
      {
        title: 'Secrets denials',
        description: 'Calls the secrets service refused, per second, by method and identity.',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (method, identity) (rate(switchboard_secrets_calls_total{outcome="denied"}${R}))`,
            legend: '{{method}} {{identity}}',
          },
        ],
      },
    ],
  },
  {
    file: 'operator',
    title: 'Switchboard / Operator',
    description: 'Reconciles of Integrations, Bots and Installations.',
    panels: [
      {
        title: 'Reconciles',
        description: 'Reconcile passes per second by controller and outcome.',
        unit: 'ops',
        targets: [
          {
            expr: `sum by (controller, outcome) (rate(switchboard_operator_reconciles_total${R}))`,
            legend: '{{controller}} {{outcome}}',
          },
        ],
      },
      {
        title: 'Reconcile errors',
        description: 'Reconcile passes that failed, in the window, by controller.',
        unit: 'short',
        targets: [
          {
            expr: `sum by (controller) (increase(switchboard_operator_reconciles_total{outcome="error"}${R}))`,
            legend: '{{controller}}',
          },
        ],
      },
      {
        title: 'Reconcile duration (p95)',
        description: '95th percentile of reconcile pass duration by controller.',
        unit: 's',
        targets: [
          {
            expr: `histogram_quantile(0.95, sum by (le, controller) (rate(switchboard_operator_reconcile_seconds_bucket${R})))`,
            legend: '{{controller}}',
          },
        ],
      },
      {
        title: 'Operator memory',
        description: 'Resident memory of the operator processes.',
        unit: 'bytes',
        targets: [{ expr: 'process_resident_memory_bytes{service="operator"}', legend: '{{instance}}' }],
      },
    ],
  },
]

/** The Grafana JSON model of one dashboard. */
export function dashboardJson(d: Dashboard): object {
  const datasource = { type: 'prometheus', uid: '${datasource}' }
  const variables: object[] = [
    {
      name: 'datasource',
      label: 'Data source',
      type: 'datasource',
      query: 'prometheus',
      current: {},
      hide: 0,
    },
    ...(d.variables ?? []).map((v) => ({
      name: v.name,
      label: v.label,
      type: 'query',
      datasource,
      query: { query: v.query, refId: 'vars' },
      definition: v.query,
      refresh: 2,
      includeAll: true,
      allValue: '.*',
      multi: true,
      current: { text: 'All', value: '$__all' },
      hide: 0,
    })),
  ]
  return {
    uid: `switchboard-${d.file}`,
    title: d.title,
    description: d.description,
    tags: ['switchboard'],
    editable: false,
    schemaVersion: 39,
    time: { from: 'now-1h', to: 'now' },
    refresh: '30s',
    templating: { list: variables },
    panels: d.panels.map((p, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: p.title,
      description: p.description,
      datasource,
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
      options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
      targets: p.targets.map((t, j) => ({
        refId: String.fromCharCode(65 + j),
        datasource,
        expr: t.expr,
        legendFormat: t.legend,
      })),
    })),
  }
}

/** Every dashboard's file name and JSON text, as the chart ships them. */
export function dashboardFiles(): Array<{ file: string; json: string }> {
  return DASHBOARDS.map((d) => ({
    file: `${d.file}.json`,
    json: `${JSON.stringify(dashboardJson(d), null, 2)}\n`,
  }))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { file, json } of dashboardFiles()) await writeFile(join(DASHBOARDS_DIR, file), json)
  process.stdout.write(`wrote ${DASHBOARDS.length} dashboards to ${DASHBOARDS_DIR}\n`)
}
