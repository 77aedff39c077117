export {
  API_VERSION,
  GROUP,
  VERSION,
  KINDS,
  kindInfo,
  type Bot,
  type BotSpec,
  type BotStatus,
  type BundleSource,
  type Condition,
  type Installation,
  type InstallationSpec,
  type InstallationStatus,
  type Integration,
  type IntegrationSpec,
  type IntegrationStatus,
  type Kind,
  type KindInfo,
  type ObjectMeta,
  type PrinterColumn,
  type RuntimeSpec,
  type SwitchboardResource,
} from './kinds.js'
export {
  validateResource,
  formatFieldError,
  isSwitchboardManifest,
  type FieldError,
  type ValidationResult,
} from './validate.js'
export { crds, crdFor, crdFiles, crdFileName, type CustomResourceDefinition } from './crds.js'
export { parseManifests } from './manifests.js'
export type { JSONSchemaProps } from './schema.js'
export { configurationSchemaFor, type ConfigurationsOf } from './configuration.js'
