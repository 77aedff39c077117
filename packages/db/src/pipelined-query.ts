import pg from 'pg'

/** Which of a transaction's ends travel with a statement, in its round trip. */
export interface Around {
  /** A BEGIN ahead of the statement: the transaction's first statement. */
  begin: boolean
  /** A COMMIT after it: the transaction's last statement. */
  commit: boolean
}

/** What a query reports, once: the statement's result, or the first error of the round trip. */
export type QueryCallback = (err: Error | null, result?: pg.QueryResult) => void

/**
 * The parts of node-pg's connection (pg/lib/connection.js) a query writes to, as pg's own `Query`
 * and pg-cursor do.
 */
interface Wire {
  stream: { cork?: () => void; uncork?: () => void }
  parsedStatements: Record<string, string | undefined>
  submittedNamedStatements: Record<string, string | undefined>
  query(text: string): void
  parse(msg: { text: string; name?: string }): void
  bind(msg: { statement?: string; values: unknown[]; binary?: boolean }): void
  describe(msg: { type: 'P'; name: string }): void
  execute(msg: { portal: string }): void
  sync(): void
}

/** The parts of node-pg's `Query` (pg/lib/query.js) this class builds on. */
interface QueryBase {
  text?: string
  name?: string
  values?: unknown[]
  binary?: boolean
  rows?: number
  callback?: QueryCallback
  hasBeenParsed(connection: Wire): boolean
  handleCommandComplete(msg: unknown, connection: Wire): void
  handleEmptyQuery(connection: Wire): void
  handleError(err: Error & { position?: string }, connection: Wire): void
}

/** What the simple-protocol path puts ahead of the caller's text. */
const SIMPLE_BEGIN = 'BEGIN;\n'
const Query = pg.Query as unknown as new (config: pg.QueryConfig) => QueryBase

const { prepareValue } = (pg as unknown as { utils: { prepareValue: (v: unknown) => unknown } }).utils

/**
 * A statement sent with BEGIN ahead of it and/or COMMIT after it, in one round trip (one Sync),
 * handed to `client.query()` as a node-pg Submittable. With values or a name it goes over the
 * extended protocol: [Parse of a named statement not yet prepared on this connection], Parse/Bind/
 * Execute BEGIN, Bind/Describe/Execute of the statement (Parse first when unnamed), Parse/Bind/
 * Execute COMMIT, Sync. Postgres stops at the first error and skips to the Sync, so a failing
 * statement never commits; its transaction is then aborted for the caller's ROLLBACK (or, when the
 * named statement's Parse failed, never began). A text without values or name goes as pg sends it,
 * over the simple protocol, as `BEGIN;` and the text (which may hold several statements); it cannot
 * carry the COMMIT. The caller gets the statement's result only: BEGIN's and COMMIT's
 * CommandCompletes are not results.
 *
 * The named statement's Parse goes first so that every ParseComplete node-pg sees (it marks
 * `name` as prepared on each) comes after the statement's own: one that failed is not recorded.
 * A row that a type parser throws on fails the query after its COMMIT ran (so did `text; COMMIT`);
 * pg's own parsers cannot throw on what Postgres sends.
 */
export class PipelinedQuery extends Query {
  /** CommandCompletes (and EmptyQueryResponses) seen so far. */
  private answers = 0

  constructor(
    /** The statement as the caller gave it (what a client joined to an outer transaction runs). */
    readonly statement: pg.QueryConfig,
    readonly around: Around,
    callback: QueryCallback,
  ) {
    super(statement)
    this.callback = callback
  }

  /** True when this goes over the extended protocol (values or a name), as pg would send it. */
  get extended(): boolean {
    return this.around.commit || !!this.name || (this.values?.length ?? 0) > 0
  }

  /** Writes the round trip; an Error returned (nothing written) is reported by the client. */
  submit(connection: Wire): Error | null {
    const { text, name } = this
    if (typeof text !== 'string') return new Error('A pipelined query needs its text')
    if (this.rows) return new Error('A pipelined query cannot read its rows in pages (`rows`)')
    const previous = name && (connection.parsedStatements[name] ?? connection.submittedNamedStatements[name])
    if (previous && previous !== text)
      return new Error(`Prepared statements must be unique - '${name}' was used for a different statement`)
    if (!this.extended) {
      connection.query(`${SIMPLE_BEGIN}${text}`)
      return null
    }
    // Mapped before anything is written, so a value pg cannot send leaves the connection untouched.
    let values: unknown[]
    try {
      values = (this.values ?? []).map((v) => prepareValue(v))
    } catch (err) {
      return err as Error
    }
    connection.stream.cork?.()
    try {
      if (name && !this.hasBeenParsed(connection)) {
        connection.parse({ text, name })
        connection.submittedNamedStatements[name] = text
      }
      if (this.around.begin) unnamed(connection, 'BEGIN')
      if (!name) connection.parse({ text })
      connection.bind({ statement: name, values, binary: this.binary })
      connection.describe({ type: 'P', name: '' })
      connection.execute({ portal: '' })
      if (this.around.commit) unnamed(connection, 'COMMIT')
      connection.sync()
    } finally {
      connection.stream.uncork?.()
    }
    return null
  }

  override handleCommandComplete(msg: unknown, connection: Wire): void {
    if (!this.isAround()) super.handleCommandComplete(msg, connection)
  }

  override handleEmptyQuery(connection: Wire): void {
    if (!this.isAround()) super.handleEmptyQuery(connection)
  }

  /** An error's `position` (a syntax error's character) counts in the caller's text, not in ours. */
  override handleError(err: Error & { position?: string }, connection: Wire): void {
    if (!this.extended && err.position && Number(err.position) > SIMPLE_BEGIN.length)
      err.position = String(Number(err.position) - SIMPLE_BEGIN.length)
    super.handleError(err, connection)
  }

  /**
   * Runs the statement alone on `tx`, a transaction this one joins (its BEGIN and COMMIT are the
   * outer one's), and reports the outcome as this query would.
   */
  runAlone(tx: Pick<pg.Pool, 'query'>): void {
    tx.query(this.statement).then(
      (r) => this.callback?.(null, r),
      (err: Error) => this.callback?.(err),
    )
  }

  /** True for BEGIN's and COMMIT's completions, which come first and last. */
  private isAround(): boolean {
    const i = this.answers++
    return (this.around.begin && i === 0) || (this.around.commit && i === (this.around.begin ? 2 : 1))
  }
}

function unnamed(connection: Wire, text: string): void {
  connection.parse({ text })
  connection.bind({ values: [] })
  connection.execute({ portal: '' })
}
