export { SchemaCache, fieldPath, type Validator } from './json-schema.js'
export { canonicalJson, digest } from './canonical.js'
