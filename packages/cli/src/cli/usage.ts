/** The usage text (`switchboard help`). */
export const USAGE = `usage: switchboard <command> [flags]

Run the platform locally
  dev [-f <file|dir>]...          start everything on this machine and apply examples/switchboard.yaml
                                  (or the given manifests); prints the webhook URL and a curl to try

Build and deploy
  build <dir>                     build an @botpress/sdk integration or bot like \`bp build\`:
                                  <dir>/dist/index.cjs (+ dist/definition.json for an integration)
  apply -f <file|dir>...          create or update the Integrations, Bots and Installations described
  delete -f <file|dir>... [--force]
                                  delete them (--force: skip the integration's unregister)

Inspect
  get integrations|bots|installations [-o json]
  describe integration|bot|installation <name> [-o json]
  logs <installation>             follow its handler calls live (Ctrl-C stops)
  dlq list [-o json]              dead letters: messages given up on after their last retry
  dlq replay <seq> | --all        put dead letters back on their stream

Tokens
  token create --bot <name> [--name <label>] [-o json]
                                  a Runtime API token acting as the bot (for an external bot server)

Connection (environment, else .switchboard/dev.env written by \`switchboard dev\`):
  SWITCHBOARD_ADMIN_URL, SWITCHBOARD_ADMIN_TOKEN, SWITCHBOARD_SECRETS_URL, SWITCHBOARD_SECRETS_TOKEN,
  NATS_URL, NATS_PREFIX, SWITCHBOARD_WEBHOOK_BASE_URL, SWITCHBOARD_API_URL

Docs: docs/cli.md`

/** True when the command line only asks for the usage text (answered without loading any command). */
export function wantsUsage(argv: readonly string[]): boolean {
  return argv.length > 0 && argv.every((a) => a === 'help' || a === '--help' || a === '-h')
}
