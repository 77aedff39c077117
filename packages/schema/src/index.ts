export { SchemaCache, fieldPath, type Validator } from './json-schema.js'
