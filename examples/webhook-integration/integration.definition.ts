import { IntegrationDefinition, z } from '@botpress/sdk'

/** The `webhook` integration: a generic JSON webhook in, a JSON POST out. */
export default new IntegrationDefinition({
  name: 'webhook',
  version: '0.1.0',
  title: 'Webhook',
  description: 'Turns JSON webhooks into messages and POSTs outgoing messages to a URL.',
  configuration: {
    schema: z.object({
      url: z.string().describe('Where outgoing messages are POSTed, as JSON.'),
    }),
  },
  channels: {
    channel: {
      messages: { text: { schema: z.object({ text: z.string() }) } },
      conversation: { tags: { id: { title: 'Conversation id in the external service' } } },
    },
  },
  user: { tags: { id: { title: 'User id in the external service' } } },
  events: {
    typing: {
      title: 'Typing',
      description: 'The user is typing in the external conversation.',
      schema: z.object({ userId: z.string() }),
    },
  },
  actions: {
    notify: {
      title: 'Notify',
      description: 'POSTs {"notification": text} to the configured URL.',
      input: { schema: z.object({ text: z.string().min(1) }) },
      output: { schema: z.object({ status: z.number() }) },
    },
  },
})
