import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { startTelemetry } from '@switchboard/telemetry'
import { afterAll, expect, it } from 'vitest'

// Telemetry must start before the services' modules (http, pg, grpc) are loaded, so everything that
// loads them (the platform, @switchboard/testing) is imported dynamically below.
const exporter = new InMemorySpanExporter()
const telemetry = startTelemetry({
  serviceName: 'switchboard-test',
  spanProcessors: [new SimpleSpanProcessor(exporter)],
})

const { installExample, startPlatform, startSink } = await import('./testing/platform.js')
const { waitFor } = await import('@switchboard/testing')
const [p, sink] = await Promise.all([startPlatform(), startSink()])
afterAll(async () => {
  await p.close()
  await sink.close()
  await telemetry.shutdown()
})

const path = (s: ReadableSpan) => String(s.attributes['url.path'] ?? s.attributes['http.target'] ?? '')

it('the spans of one webhook share one trace id: ingress → NATS → dispatcher → runner → chat-api → pg', async () => {
  const { bot, webhookId } = await installExample(p, sink.url, { botName: 'traced-bot' })
  exporter.reset()
  const res = await fetch(`${p.ingressUrl}/${webhookId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId: 'traced', userId: 'u', text: 'follow me' }),
  })
  expect(res.status).toBe(200)
  await waitFor('the message', async () => (await bot.client.listMessages({})).messages.length > 0)

  const spans = exporter.getFinishedSpans()
  const publish = spans.find((s) => s.name === 'webhook publish')
  expect(publish, 'ingress publish span').toBeDefined()
  const traceId = publish!.spanContext().traceId
  const inTrace = spans.filter((s) => s.spanContext().traceId === traceId)
  const names = inTrace.map((s) => `${s.name} ${path(s)}`.trim())

  // ingress: the HTTP server span of the webhook request and the publish under it.
  expect(
    inTrace.some((s) => s.kind === 1 && path(s) === `/${webhookId}`),
    names.join('\n'),
  ).toBe(true)
  // dispatcher: the consume span, in the same trace (carried by the NATS traceparent header).
  expect(names.some((n) => n.startsWith('dispatcher.dispatcher-webhooks'))).toBe(true)
  // chat-api: the SDK client in the sandbox forwarded traceparent on its Runtime API calls.
  expect(inTrace.some((s) => path(s) === '/v1/chat/messages')).toBe(true)
  expect(inTrace.some((s) => path(s) === '/v1/chat/conversations/get-or-create')).toBe(true)
  // pg: the INSERT of the message, under chat-api's request.
  expect(inTrace.some((s) => s.name.startsWith('pg.query:INSERT'))).toBe(true)
})
