/**
 * Answers in the newest conversation as a bot, through the real @botpress/client (scripts/e2e-kind.sh
 * uses it for a bot that acts only through its token):
 * `SB_API_URL=<Runtime API> SB_BOT_ID=<bot id> SB_BOT_TOKEN=<token> npx tsx scripts/say.ts "text"`; a
 * token comes from `npx switchboard token create --bot <name>`. The outgoing message goes to the
 * integration's channel handler.
 */
import { Client } from '@botpress/client'

const { SB_API_URL, SB_BOT_ID, SB_BOT_TOKEN } = process.env
if (!SB_API_URL || !SB_BOT_ID || !SB_BOT_TOKEN) {
  console.error(
    'say: set SB_API_URL, SB_BOT_ID and SB_BOT_TOKEN (`npx switchboard token create --bot <name>` makes a token)',
  )
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
