/** A JSON Schema, as zui's `toJSONSchema()` prints it. */
export type JsonSchema = Record<string, unknown>

type Tags = Record<string, { title?: string; description?: string }>

/**
 * An integration definition as JSON: what `bp read` prints and chat-api's `PutIntegration` stores
 * (ARCHITECTURE.md §3), every schema as JSON Schema.
 */
export interface IntegrationDefinitionJson {
  name: string
  version: string
  title?: string
  description?: string
  icon?: string
  readme?: string
  attributes?: Record<string, string>
  configuration?: { schema?: JsonSchema; [k: string]: unknown }
  configurations?: Record<string, { schema: JsonSchema; [k: string]: unknown }>
  channels?: Record<
    string,
    {
      messages: Record<string, { schema: JsonSchema }>
      message?: { tags?: Tags }
      conversation?: { tags?: Tags; [k: string]: unknown }
      [k: string]: unknown
    }
  >
  user?: { tags?: Tags; [k: string]: unknown }
  events?: Record<string, { schema: JsonSchema; [k: string]: unknown }>
  actions?: Record<
    string,
    { input: { schema: JsonSchema }; output: { schema: JsonSchema }; [k: string]: unknown }
  >
  states?: Record<string, { type: string; schema: JsonSchema; [k: string]: unknown }>
  entities?: Record<string, { schema: JsonSchema; [k: string]: unknown }>
  /** Secret names with their descriptions; never values. */
  secrets?: Record<string, { optional?: boolean; description?: string }>
  interfaces?: Record<string, unknown>
}

type Loose = Record<string, unknown>

function toSchema(schema: unknown, where: string): JsonSchema {
  const s = schema as { toJSONSchema?: () => JsonSchema } | undefined
  if (typeof s?.toJSONSchema !== 'function') throw new Error(`${where}: not a zui schema`)
  return s.toJSONSchema()
}

function mapRecord<T>(rec: unknown, fn: (value: Loose, key: string) => T): Record<string, T> | undefined {
  if (!rec) return undefined
  return Object.fromEntries(Object.entries(rec as Record<string, Loose>).map(([k, v]) => [k, fn(v, k)]))
}

const withSchema = (where: string) => (v: Loose, k: string) => ({
  ...v,
  schema: toSchema(v.schema, `${where}.${k}`),
})

/**
 * Turns an `IntegrationDefinition` (the object a definition file exports) into its JSON form: the
 * fields `bp` sends when it creates an integration, with each zui schema converted to JSON Schema and
 * `__advanced` (build options) left out.
 */
export function definitionToJson(def: unknown): IntegrationDefinitionJson {
  const d = def as Loose
  if (!d || typeof d.name !== 'string' || typeof d.version !== 'string') {
    throw new Error(
      'the definition file must default-export an IntegrationDefinition (with a name and a version)',
    )
  }
  const configuration = d.configuration as Loose | undefined
  const out = {
    name: d.name,
    version: d.version,
    title: d.title,
    description: d.description,
    icon: d.icon,
    readme: d.readme,
    attributes: d.attributes,
    identifier: d.identifier,
    configuration: configuration && {
      ...configuration,
      schema: toSchema(configuration.schema, 'configuration'),
    },
    configurations: mapRecord(d.configurations, withSchema('configurations')),
    channels: mapRecord(d.channels, (channel, name) => ({
      ...channel,
      messages: mapRecord(channel.messages, withSchema(`channels.${name}.messages`)) ?? {},
    })),
    user: d.user,
    events: mapRecord(d.events, withSchema('events')),
    actions: mapRecord(d.actions, (action, name) => {
      const input = action.input as Loose
      const output = action.output as Loose
      return {
        ...action,
        input: { ...input, schema: toSchema(input.schema, `actions.${name}.input`) },
        output: { ...output, schema: toSchema(output.schema, `actions.${name}.output`) },
      }
    }),
    states: mapRecord(d.states, withSchema('states')),
    entities: mapRecord(d.entities, withSchema('entities')),
    secrets: d.secrets,
    interfaces: d.interfaces,
  }
  // Drops undefined fields and anything that is not data (functions).
  return JSON.parse(JSON.stringify(out)) as IntegrationDefinitionJson
}
