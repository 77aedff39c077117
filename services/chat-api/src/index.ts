export { startChatApi, MIGRATIONS_DIR, SCHEMA, type ChatApi } from './app.js'
export { chatApiEnv, type ChatApiConfig } from './config.js'
