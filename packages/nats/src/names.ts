import { partitionOf } from './partitions.js'

/**
 * Every stream, subject and consumer name Switchboard uses (ARCHITECTURE.md §7, docs/adr/0005), in
 * one place. `prefix` (config `NATS_PREFIX`) lets tests and several installs share one NATS server.
 * The ordered streams' subjects start with the partition of their conversation (`partitionOf`).
 */
export interface NatsNames {
  streams: { webhooks: string; bot: string; outgoing: string; dead: string }
  subjects: {
    /** `sb.webhook.<installationId>` */
    webhook(installationId: string): string
    /**
     * `sb.bot.<partition>.<botId>.<conversationId>`, partition = partitionOf(conversationId); an event
     * without a conversation is `sb.bot.<partitionOf(botId)>.<botId>.none`.
     */
    bot(botId: string, conversationId?: string): string
    /** `sb.outgoing.<partition>.<installationId>.<conversationId>`, partition = partitionOf(conversationId). */
    outgoing(installationId: string, conversationId: string): string
    /** `sb.bot.<partitionOf(botId)>.<botId>.lifecycle`: the bot's own register/unregister, in order. */
    botLifecycle(botId: string): string
    /**
     * `sb.outgoing.<partitionOf(installationId)>.<installationId>.lifecycle`: register/unregister, in
     * order with each other.
     */
    lifecycle(installationId: string): string
    /** Consumer filters of one partition: `sb.bot.<p>.*.*`, `sb.outgoing.<p>.*.*`. */
    partition: { bot(p: number): string; outgoing(p: number): string }
    /**
     * The subjects of releases before partitioning (`sb.bot.<botId>.<conversationId>`,
     * `sb.outgoing.<installationId>.<conversationId>`): what an upgraded server may still hold.
     */
    legacy: { bot: string; outgoing: string }
    /** The current subject of a message published under a legacy subject (itself when current). */
    current(subject: string): string
    /** `sb.dead.<source stream>` */
    dead(source: string): string
    /** `sb.actions.<installationId>`: core-NATS request/reply, chat-api → a dispatcher (queue group). */
    action(installationId: string): string
    /** `sb.logs.<installationId>`: one record per handler call (core NATS, for `switchboard logs`). */
    logs(installationId: string): string
    /** Broadcast when an installation changes, so caches drop it. Core NATS, not a stream. */
    installationChanged: string
    /** Each dispatcher's sandboxes (versions, restarts, memory), published now and then. Core NATS. */
    sandboxStatus: string
    /** Wildcards, for stream definitions and consumer filters. */
    all: { webhooks: string; bot: string; outgoing: string; dead: string; actions: string; logs: string }
  }
  consumers: {
    dispatcherWebhooks: string
    /** One durable per partition: `dispatcher-bot-<p>`. */
    dispatcherBot(p: number): string
    /** One durable per partition: `dispatcher-outgoing-<p>`. */
    dispatcherOutgoing(p: number): string
    /** Consumers of the legacy subjects: the unfiltered durables of old releases, and the drains. */
    legacy: { bot: string; outgoing: string; botDrain: string; outgoingDrain: string }
  }
}

/** Builds the names for one prefix ('' in production). */
export function natsNames(prefix = ''): NatsNames {
  const p = prefix ? `${prefix}_` : ''
  const s = prefix ? `${prefix}.` : ''
  const bot = (botId: string, conversationId?: string) =>
    `${s}sb.bot.${partitionOf(conversationId ?? botId)}.${token(botId)}.${token(conversationId ?? 'none')}`
  const outgoing = (installationId: string, conversationId: string) =>
    `${s}sb.outgoing.${partitionOf(conversationId)}.${token(installationId)}.${token(conversationId)}`
  const lifecycle = (installationId: string) =>
    `${s}sb.outgoing.${partitionOf(installationId)}.${token(installationId)}.lifecycle`
  return {
    streams: {
      webhooks: `${p}SB_WEBHOOKS`,
      bot: `${p}SB_BOT`,
      outgoing: `${p}SB_OUTGOING`,
      dead: `${p}SB_DEAD`,
    },
    subjects: {
      webhook: (installationId) => `${s}sb.webhook.${token(installationId)}`,
      bot,
      outgoing,
      lifecycle,
      botLifecycle: (botId) => `${s}sb.bot.${partitionOf(botId)}.${token(botId)}.lifecycle`,
      partition: {
        bot: (p) => `${s}sb.bot.${p}.*.*`,
        outgoing: (p) => `${s}sb.outgoing.${p}.*.*`,
      },
      legacy: { bot: `${s}sb.bot.*.*`, outgoing: `${s}sb.outgoing.*.*` },
      current(subject) {
        const t = subject.slice(s.length).split('.')
        if (!subject.startsWith(s) || t.length !== 4) return subject
        if (t[1] === 'bot') return bot(t[2]!, t[3] === 'none' ? undefined : t[3])
        if (t[1] === 'outgoing') return t[3] === 'lifecycle' ? lifecycle(t[2]!) : outgoing(t[2]!, t[3]!)
        return subject
      },
      dead: (source) => `${s}sb.dead.${token(source)}`,
      action: (installationId) => `${s}sb.actions.${token(installationId)}`,
      logs: (installationId) => `${s}sb.logs.${token(installationId)}`,
      installationChanged: `${s}sb.events.installation.changed`,
      sandboxStatus: `${s}sb.events.sandboxes`,
      all: {
        webhooks: `${s}sb.webhook.>`,
        bot: `${s}sb.bot.>`,
        outgoing: `${s}sb.outgoing.>`,
        dead: `${s}sb.dead.>`,
        actions: `${s}sb.actions.*`,
        logs: `${s}sb.logs.*`,
      },
    },
    consumers: {
      dispatcherWebhooks: 'dispatcher-webhooks',
      dispatcherBot: (p) => `dispatcher-bot-${p}`,
      dispatcherOutgoing: (p) => `dispatcher-outgoing-${p}`,
      legacy: {
        bot: 'dispatcher-bot',
        outgoing: 'dispatcher-outgoing',
        botDrain: 'dispatcher-bot-legacy',
        outgoingDrain: 'dispatcher-outgoing-legacy',
      },
    },
  }
}

/** A subject token may not contain '.', '*', '>' or whitespace; our ids never do, but guard anyway. */
function token(id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`invalid NATS subject token: ${JSON.stringify(id)}`)
  return id
}

/**
 * The installation (or bot) a webhook, outgoing or bot subject names (`sb.webhook.<id>`,
 * `sb.outgoing.<partition>.<id>.<conversation>`, `sb.bot.<partition>.<id>.<conversation>`, and the
 * legacy unpartitioned `sb.<kind>.<id>.<conversation>`), with or without a prefix; '' for other subjects.
 */
export function subjectOwner(subject: string): string {
  const parts = subject.split('.')
  const at = parts.indexOf('sb')
  const kind = parts[at + 1] ?? ''
  if (at < 0 || !['webhook', 'outgoing', 'bot'].includes(kind)) return ''
  const partitioned = kind !== 'webhook' && parts.length - at === 5
  return parts[at + (partitioned ? 3 : 2)] ?? ''
}
