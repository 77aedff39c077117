import { fileURLToPath } from 'node:url'

/** The example SDK projects in `examples/` that `switchboard dev` and the tests install. */
export const EXAMPLES = {
  webhookIntegration: fileURLToPath(new URL('../../../examples/webhook-integration', import.meta.url)),
  echoBot: fileURLToPath(new URL('../../../examples/echo-bot', import.meta.url)),
  /** The manifests `switchboard dev` applies: the webhook integration installed in the echo bot. */
  manifests: fileURLToPath(new URL('../../../examples/switchboard.yaml', import.meta.url)),
}
