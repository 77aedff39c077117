export { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './database.js'
export { createTestNats, streamNotices, TEST_NATS_URL, type TestNats } from './nats.js'
export { waitFor } from './wait.js'
export { spawnService, type ServiceProcess } from './process.js'
