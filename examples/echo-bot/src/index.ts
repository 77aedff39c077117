/**
 * The echo bot, written with `@botpress/sdk`'s `Bot` the way any Botpress bot is: every text message
 * it receives is answered with "echo: <text>" in the same conversation, through the Runtime API.
 */
import { Bot } from '@botpress/sdk'

const bot = new Bot({ actions: {}, plugins: {} })

bot.on.message('*', async ({ message, client, ctx }) => {
  const text = (message.payload as { text?: unknown }).text
  if (message.type !== 'text' || typeof text !== 'string') return
  await client.createMessage({
    conversationId: message.conversationId,
    userId: ctx.botId,
    type: 'text',
    payload: { text: `echo: ${text}` },
    tags: {},
  })
})

export default bot
