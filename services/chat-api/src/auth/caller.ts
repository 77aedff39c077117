/** The installation an integration caller acts through. */
export interface CallerInstallation {
  id: string
  alias: string
  integrationId: string
  integrationName: string
  /** Channel names the integration's definition declares (empty = not declared, accept any). */
  channels: string[]
}

/**
 * Who is calling the chat domain. A bot acts for itself; an integration acts for one bot through
 * the installation of that integration in that bot. Every domain function scopes by this.
 */
export type Caller =
  { kind: 'bot'; botId: string } | { kind: 'integration'; botId: string; installation: CallerInstallation }

/** True when the caller is an integration (its view of tags is unprefixed). */
export function isIntegration(c: Caller): c is Extract<Caller, { kind: 'integration' }> {
  return c.kind === 'integration'
}
