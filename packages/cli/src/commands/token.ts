import type { AdminClient } from '@switchboard/proto'
import { orUndefined } from '../apply/apply.js'
import { CliError } from '../cli/errors.js'

/** What `token create` needs. */
export interface TokenDeps {
  admin: AdminClient
  apiUrl: string
  /** The token itself (stdout, so `$(switchboard token create …)` captures only it). */
  out: (text: string) => void
  /** How to use it (stderr). */
  err: (text: string) => void
}

/**
 * `switchboard token create --bot <name>`: a Runtime API token acting as the bot, for an external bot
 * server (an endpoint bot answers with it) or a script. Shown once; chat-api keeps only its hash.
 */
export async function createBotToken(
  botName: string,
  label: string,
  output: 'table' | 'json',
  d: TokenDeps,
): Promise<{ token: string; botId: string }> {
  const bot = await orUndefined(d.admin.GetBot({ id: '', name: botName }))
  if (!bot) throw new CliError(`no bot ${botName} (see \`switchboard get bots\`)`)
  const token = await d.admin.CreateToken({ kind: 'bot', botId: bot.id, integrationId: '', name: label })
  if (output === 'json') {
    d.out(
      JSON.stringify({ token: token.secret, tokenId: token.id, botId: bot.id, apiUrl: d.apiUrl }, null, 2),
    )
  } else {
    d.out(token.secret)
    d.err(
      `A token for bot ${bot.name} (${bot.id}), shown only now. With @botpress/client:\n` +
        `  new Client({ apiUrl: '${d.apiUrl}', botId: '${bot.id}', token })`,
    )
  }
  return { token: token.secret, botId: bot.id }
}
