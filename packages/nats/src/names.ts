/**
 * Every stream, subject and consumer name Switchboard uses (ARCHITECTURE.md §7), in one place.
 * `prefix` (config `NATS_PREFIX`) lets tests and several installs share one NATS server.
 */
export interface NatsNames {
  streams: { webhooks: string; bot: string; outgoing: string; dead: string }
  subjects: {
    /** `sb.webhook.<installationId>` */
    webhook(installationId: string): string
    /** `sb.bot.<botId>.<conversationId>` */
    bot(botId: string, conversationId: string): string
    /** `sb.outgoing.<installationId>.<conversationId>` */
    outgoing(installationId: string, conversationId: string): string
    /** `sb.bot.<botId>.lifecycle`: the bot's own register/unregister. */
    botLifecycle(botId: string): string
    /** `sb.outgoing.<installationId>.lifecycle`: register/unregister, in order with the installation's messages. */
    lifecycle(installationId: string): string
    /** `sb.dead.<source stream>` */
    dead(source: string): string
    /** `sb.actions.<installationId>`: core-NATS request/reply, chat-api → a dispatcher (queue group). */
    action(installationId: string): string
    /** `sb.logs.<installationId>`: one record per handler call (core NATS, for `switchboard logs`). */
    logs(installationId: string): string
    /** Broadcast when an installation changes, so caches drop it. Core NATS, not a stream. */
    installationChanged: string
    /** Wildcards, for stream definitions and consumer filters. */
    all: { webhooks: string; bot: string; outgoing: string; dead: string; actions: string }
  }
  consumers: { dispatcherWebhooks: string; dispatcherBot: string; dispatcherOutgoing: string }
  /** Key-value buckets. `order`: per conversation, the last notice delivered on each stream. */
  buckets: { order: string }
}

/** Builds the names for one prefix ('' in production). */
export function natsNames(prefix = ''): NatsNames {
  const p = prefix ? `${prefix}_` : ''
  const s = prefix ? `${prefix}.` : ''
  return {
    streams: {
      webhooks: `${p}SB_WEBHOOKS`,
      bot: `${p}SB_BOT`,
      outgoing: `${p}SB_OUTGOING`,
      dead: `${p}SB_DEAD`,
    },
    subjects: {
      webhook: (installationId) => `${s}sb.webhook.${token(installationId)}`,
      bot: (botId, conversationId) => `${s}sb.bot.${token(botId)}.${token(conversationId)}`,
      outgoing: (installationId, conversationId) =>
        `${s}sb.outgoing.${token(installationId)}.${token(conversationId)}`,
      lifecycle: (installationId) => `${s}sb.outgoing.${token(installationId)}.lifecycle`,
      botLifecycle: (botId) => `${s}sb.bot.${token(botId)}.lifecycle`,
      dead: (source) => `${s}sb.dead.${token(source)}`,
      action: (installationId) => `${s}sb.actions.${token(installationId)}`,
      logs: (installationId) => `${s}sb.logs.${token(installationId)}`,
      installationChanged: `${s}sb.events.installation.changed`,
      all: {
        webhooks: `${s}sb.webhook.>`,
        bot: `${s}sb.bot.>`,
        outgoing: `${s}sb.outgoing.>`,
        dead: `${s}sb.dead.>`,
        actions: `${s}sb.actions.*`,
      },
    },
    consumers: {
      dispatcherWebhooks: 'dispatcher-webhooks',
      dispatcherBot: 'dispatcher-bot',
      dispatcherOutgoing: 'dispatcher-outgoing',
    },
    buckets: { order: `${p}SB_ORDER` },
  }
}

/** A subject token may not contain '.', '*', '>' or whitespace; our ids never do, but guard anyway. */
function token(id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`invalid NATS subject token: ${JSON.stringify(id)}`)
  return id
}
