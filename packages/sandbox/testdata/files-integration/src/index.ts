/**
 * The `files-probe` test integration: `store` uploads text with the SDK client's `uploadFile` (upsert,
 * then a PUT to the returned upload URL); `readBack` downloads a file through its URL. Both run inside
 * the sandbox, so they show the URLs chat-api hands out are reachable from where BP_API_URL is.
 */
import { Integration, type DefaultIntegration } from '@botpress/sdk'

type FilesProbe = DefaultIntegration<{
  name: 'files-probe'
  version: '0.1.0'
  actions: {
    store: { input: { key: string; text: string }; output: { id: string; url: string } }
    readBack: { input: { id: string }; output: { status: number; text: string } }
  }
}>

export default new Integration<FilesProbe>({
  register: async () => {},
  unregister: async () => {},
  actions: {
    store: async ({ client, input }) => {
      const { file } = await client.uploadFile({ key: input.key, content: input.text })
      return { id: file.id, url: file.url }
    },
    readBack: async ({ client, input }) => {
      const { file } = await client.getFile({ id: input.id })
      const res = await fetch(file.url)
      return { status: res.status, text: await res.text() }
    },
  },
  channels: {},
  handler: async () => {},
})
