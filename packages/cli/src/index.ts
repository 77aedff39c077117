export {
  buildIntegration,
  buildBot,
  buildProject,
  type BuildOptions,
  type BuiltIntegration,
  type BuiltBot,
  type BuiltProject,
} from './build/build.js'
export { definitionToJson, type IntegrationDefinitionJson, type JsonSchema } from './build/definition.js'
export { EXAMPLES } from './examples.js'
export { freePort } from './dev/ports.js'
