export { startSecretsService, MIGRATIONS_DIR, SCHEMA, type SecretsService } from './app.js'
export { secretsEnv, type SecretsConfig } from './config.js'
export { parseKeyRing, loadKeyRing, deriveKeyId, type KeyRing, type Kek } from './crypto/keyring.js'
export { PERMISSIONS, type Identity, type Action } from './access/identities.js'
