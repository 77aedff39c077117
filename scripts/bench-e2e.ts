/**
 * End-to-end latency, webhook → message row in Postgres, at a fixed request rate (the second half of
 * `npm run bench`; the first measures ingress alone). Everything real and in one process: chat-api,
 * secrets, ingress, dispatcher, and the example integration built with @botpress/sdk running in a
 * process sandbox. Each webhook carries a unique text; latency = the message row's created_at − the
 * moment the request was sent (one clock). Prints p50/p99; not a test.
 */
import { installExample, startPlatform, startSink } from '@switchboard/dispatcher/testing'

const RATE = Number(process.env.E2E_RATE ?? 25) // webhooks per second
const SECONDS = Number(process.env.E2E_SECONDS ?? 10)
const total = RATE * SECONDS

const [p, sink] = await Promise.all([startPlatform(), startSink()])
try {
  const { webhookId } = await installExample(p, sink.url, { botName: 'bench-e2e' })
  const url = `${p.ingressUrl}/${webhookId}`
  // Warm the sandbox and the caches; not measured.
  await fetch(url, {
    method: 'POST',
    body: JSON.stringify({ conversationId: 'warm', userId: 'warm', text: 'warm-up' }),
  })

  const sentAt = new Map<string, number>()
  const pending: Array<Promise<unknown>> = []
  const started = Date.now()
  for (let i = 0; i < total; i++) {
    // Fixed rate: request i leaves at started + i / RATE seconds, whatever the previous ones do.
    const due = started + (i * 1000) / RATE
    const wait = due - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const text = `e2e-${i}`
    sentAt.set(text, Date.now())
    pending.push(
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: `c-${i % 20}`, userId: `u-${i % 50}`, text }),
      }),
    )
  }
  await Promise.all(pending)
  const deadline = Date.now() + 60_000
  let rows: Array<{ text: string; created_at: Date }> = []
  while (Date.now() < deadline) {
    rows = (
      await p.chat.api.pool.query(
        `SELECT payload->>'text' AS text, created_at FROM messages WHERE payload->>'text' LIKE 'e2e-%'`,
      )
    ).rows
    if (rows.length >= total) break
    await new Promise((r) => setTimeout(r, 200))
  }
  const latencies = rows.map((r) => r.created_at.getTime() - sentAt.get(r.text)!).sort((a, b) => a - b)
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]
  console.log(
    `\nend-to-end webhook → message row: ${RATE} req/s for ${SECONDS} s (${total} webhooks, ${rows.length} rows)\n` +
      `  p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms   max ${latencies[latencies.length - 1]} ms`,
  )
  if (rows.length < total) process.exitCode = 1
} finally {
  await p.close()
  await sink.close()
}
