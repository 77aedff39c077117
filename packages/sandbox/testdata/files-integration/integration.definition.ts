import { IntegrationDefinition, z } from '@botpress/sdk'

/** A test integration whose actions use the Files API from inside a sandbox. */
export default new IntegrationDefinition({
  name: 'files-probe',
  version: '0.1.0',
  actions: {
    store: {
      input: { schema: z.object({ key: z.string(), text: z.string() }) },
      output: { schema: z.object({ id: z.string(), url: z.string() }) },
    },
    readBack: {
      input: { schema: z.object({ id: z.string() }) },
      output: { schema: z.object({ status: z.number(), text: z.string() }) },
    },
  },
})
