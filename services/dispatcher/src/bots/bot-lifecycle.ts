import type { BotLifecycleNotice } from '@switchboard/nats'
import type { BotDeps } from './handle-bot.js'

/**
 * A bot was deployed or deleted: its `ping` runs first (the bot answers at all), then its `register`
 * handler (the SDK's `register` of `new Bot({register})`), or its `unregister`. Each needs `x-bp-type`
 * in the SDK's bot server; it carries the operation again. A failure is retried like any delivery.
 */
export async function handleBotLifecycle(deps: BotDeps, notice: BotLifecycleNotice): Promise<void> {
  const target = deps.registry.botAsItWas(notice.bot)
  if (notice.kind === 'bot_unregister') {
    await deps.invoker.bot(target, 'unregister', 'unregister', {})
    return
  }
  await deps.invoker.bot(target, 'ping', 'ping', {})
  await deps.invoker.bot(target, 'register', 'register', {})
}
