/**
 * Answers in the newest conversation as the example bot, through the real @botpress/client:
 * `source .switchboard/dev.env && npx tsx scripts/say.ts "text"`. The outgoing message goes to the
 * integration's channel handler, which POSTs it to the dev sink.
 */
import { Client } from '@botpress/client'

const { SB_API_URL, SB_BOT_ID, SB_BOT_TOKEN } = process.env
if (!SB_API_URL || !SB_BOT_ID || !SB_BOT_TOKEN) {
  console.error('say: run `source .switchboard/dev.env` first (npm run dev writes it)')
  process.exit(1)
}
const text = process.argv.slice(2).join(' ') || 'hello from the bot'
const client = new Client({ apiUrl: SB_API_URL, botId: SB_BOT_ID, token: SB_BOT_TOKEN })
const { conversations } = await client.listConversations({
  sortField: 'updatedAt',
  sortDirection: 'desc',
  pageSize: 1,
})
const conversation = conversations[0]
if (!conversation) {
  console.error('say: no conversation yet; send a webhook first (see the curl npm run dev prints)')
  process.exit(1)
}
const { message } = await client.createMessage({
  conversationId: conversation.id,
  userId: SB_BOT_ID,
  type: 'text',
  payload: { text },
  tags: {},
})
console.log(`sent ${message.id} into conversation ${conversation.id} (${JSON.stringify(conversation.tags)})`)
