/** The parts of an integration definition that say which configurations it accepts. */
export interface ConfigurationsOf {
  configuration?: { schema?: unknown }
  configurations?: Record<string, { schema?: unknown }>
}

/**
 * The JSON Schema an installation's configuration is validated against: the definition's
 * `configuration` for the default type (`''` or undefined), else `configurations[type]`; or, when the
 * definition has no such configuration, the problem, naming the known types.
 */
export function configurationSchemaFor(
  definition: ConfigurationsOf,
  type: string | undefined,
): { schema: unknown } | { problem: string } {
  if (!type) return { schema: definition.configuration?.schema }
  const chosen = definition.configurations?.[type]
  if (chosen) return { schema: chosen.schema }
  const known = Object.keys(definition.configurations ?? {})
  return {
    problem: `configurationType ${JSON.stringify(type)} is not a configuration of this integration (${known.length ? known.join(', ') : 'it has only the default one'})`,
  }
}
