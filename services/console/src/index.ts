export { startConsole, DEFAULT_ASSETS_DIR, type Console } from './app.js'
export { consoleEnv, type ConsoleConfig } from './config.js'
