/** The chaos run's counts: what was stored, delivered and handed on, once, and in order. */
import type { BotRequest } from '@switchboard/dispatcher/testing'

/** A message row as the count reads it. */
export interface StoredRow {
  id: string
  conversationId: string
  text: string
  createdAt: number
}

/** Everything the counts are made from. */
export interface ChaosObservations {
  total: number
  accepted: number
  incoming: StoredRow[]
  outgoing: StoredRow[]
  bot: BotRequest[]
  sink: Array<Record<string, unknown>>
  deadLetters: number
  /** Only texts of the load count (markers and warm-up are left out). */
  isLoad: (text: string) => boolean
}

/** The figures `npm run chaos` prints and judges. */
export interface ChaosReport {
  total: number
  accepted: number
  storedOnce: number
  storedMissing: number
  /** Extra incoming rows: a webhook handler re-run after a crash created its message again. */
  storedExtraRows: number
  deliveredToBot: number
  botMissing: number
  /** The same message (same id) delivered to the bot again: redelivered after a crash. */
  botRedeliveries: number
  /** Extra bot answers stored: the bot's handler re-run after a crash answered again. */
  answerExtraRows: number
  handedToSink: number
  sinkMissing: number
  /**
   * Answers the sink got more than once under one message id (a channel handler re-run after a crash,
   * its POST already made): recognisable as repeats, so the external service can drop them.
   */
  sinkRepeats: number
  /** Answers the sink got more than once that it could not tell apart (different or no message id). */
  sinkDuplicates: number
  deadLetters: number
  botOrderViolations: number
  sinkOrderViolations: number
}

const byText = (rows: StoredRow[]) => {
  const m = new Map<string, StoredRow[]>()
  for (const r of rows) m.set(r.text, [...(m.get(r.text) ?? []), r])
  return m
}

/**
 * How many of `arrivals` (first arrival of each key, per conversation) came after a key created
 * strictly later in the same conversation: each is one order violation. Ties (the same millisecond)
 * are not counted.
 */
export function orderViolations(
  arrivals: Array<{ conversation: string; key: string }>,
  createdAt: (key: string) => number | undefined,
): number {
  const seen = new Set<string>()
  const latest = new Map<string, number>()
  let violations = 0
  for (const a of arrivals) {
    if (seen.has(a.key)) continue
    seen.add(a.key)
    const t = createdAt(a.key)
    if (t === undefined) continue
    if ((latest.get(a.conversation) ?? -Infinity) > t) violations++
    latest.set(a.conversation, Math.max(latest.get(a.conversation) ?? -Infinity, t))
  }
  return violations
}

/** Counts the observations. */
export function countChaos(o: ChaosObservations): ChaosReport {
  const incoming = o.incoming.filter((r) => o.isLoad(r.text))
  const answerText = (t: string) => t.replace(/^re: /, '')
  const outgoing = o.outgoing.filter((r) => o.isLoad(answerText(r.text)))
  const incomingByText = byText(incoming)
  const rowById = new Map(incoming.map((r) => [r.id, r]))
  const botOk = o.bot.filter((r) => {
    // Endpoint bots also get ping and register (no event): only messages count.
    const text = r.body.event?.payload?.message?.payload?.text
    return r.status === 200 && text !== undefined && o.isLoad(text)
  })
  const botIds = botOk.map((r) => r.body.event.payload.message!.id!)
  const botTexts = new Set(botOk.map((r) => r.body.event.payload.message!.payload!.text!))
  const sinkLoad = o.sink.filter((b) => typeof b.text === 'string' && o.isLoad(answerText(b.text)))
  const sinkTexts = new Set(sinkLoad.map((b) => answerText(b.text as string)))
  // What an external service that drops repeats by message id keeps.
  const sinkIds = new Set(sinkLoad.map((b) => String(b.messageId ?? `no id: ${String(b.text)}`)))
  const outgoingFirst = new Map<string, number>()
  for (const r of outgoing)
    outgoingFirst.set(r.text, Math.min(outgoingFirst.get(r.text) ?? Infinity, r.createdAt))
  return {
    total: o.total,
    accepted: o.accepted,
    storedOnce: [...incomingByText.values()].filter((rows) => rows.length === 1).length,
    storedMissing: o.total - incomingByText.size,
    storedExtraRows: incoming.length - incomingByText.size,
    deliveredToBot: botTexts.size,
    botMissing: o.total - botTexts.size,
    botRedeliveries: botIds.length - new Set(botIds).size,
    answerExtraRows: outgoing.length - new Set(outgoing.map((r) => r.text)).size,
    handedToSink: sinkTexts.size,
    sinkMissing: o.total - sinkTexts.size,
    sinkRepeats: sinkLoad.length - sinkIds.size,
    sinkDuplicates: sinkIds.size - sinkTexts.size,
    deadLetters: o.deadLetters,
    botOrderViolations: orderViolations(
      botOk.map((r) => ({
        conversation: rowById.get(r.body.event.payload.message!.id!)?.conversationId ?? '',
        key: r.body.event.payload.message!.id!,
      })),
      (id) => rowById.get(id)?.createdAt,
    ),
    sinkOrderViolations: orderViolations(
      sinkLoad.map((b) => ({ conversation: String(b.conversationId), key: b.text as string })),
      (text) => outgoingFirst.get(text),
    ),
  }
}

/** What makes the run fail: anything lost, out of order or dead; duplicates unless allowed. */
export function chaosFailures(r: ChaosReport, o: { allowRerunDuplicates?: boolean } = {}): string[] {
  const f: string[] = []
  if (r.accepted < r.total) f.push(`${r.total - r.accepted} webhooks never accepted by ingress`)
  if (r.storedMissing) f.push(`${r.storedMissing} messages never stored`)
  if (r.botMissing) f.push(`${r.botMissing} messages never delivered to the bot`)
  if (r.sinkMissing) f.push(`${r.sinkMissing} answers never handed to the sink`)
  if (r.deadLetters) f.push(`${r.deadLetters} dead letters`)
  if (r.botOrderViolations || r.sinkOrderViolations)
    f.push(`order violations: ${r.botOrderViolations} at the bot, ${r.sinkOrderViolations} at the sink`)
  // Repeats under the same message id (at the bot, at the sink) are recognisable, so their receiver
  // drops them (the bot's answer carries an Idempotency-Key from the delivery id); a second row or a
  // second answer under another id is what nobody could recognise.
  const duplicates = r.storedExtraRows + r.answerExtraRows + r.sinkDuplicates
  if (duplicates && !o.allowRerunDuplicates) f.push(`${duplicates} duplicates (see above)`)
  return f
}

/** The report as printed lines. */
export function formatChaos(r: ChaosReport): string[] {
  return [
    `webhooks sent                 ${r.total} (accepted by ingress: ${r.accepted})`,
    `messages stored once          ${r.storedOnce} of ${r.total} (missing ${r.storedMissing}; extra rows from re-run handlers ${r.storedExtraRows})`,
    `delivered to the bot          ${r.deliveredToBot} of ${r.total} (missing ${r.botMissing})`,
    `  repeats at the bot          ${r.botRedeliveries} redeliveries of the same message id and delivery id (the bot drops them)`,
    `  bot answers stored twice    ${r.answerExtraRows} (${Math.min(r.answerExtraRows, r.storedExtraRows)} answer the extra incoming rows; ${Math.max(0, r.answerExtraRows - r.storedExtraRows)} from the bot's handler re-run after a crash)`,
    `handed to the sink            ${r.handedToSink} of ${r.total} (missing ${r.sinkMissing})`,
    `  duplicates at the sink      ${r.sinkDuplicates} (and ${r.sinkRepeats} repeats under the same message id, which the receiver can drop)`,
    `dead letters                  ${r.deadLetters}`,
    `order violations              ${r.botOrderViolations} at the bot, ${r.sinkOrderViolations} at the sink (per conversation, against creation order)`,
  ]
}
