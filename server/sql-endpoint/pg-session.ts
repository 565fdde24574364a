/**
 * One client connection: startup (TLS if asked and configured), the password (an API
 * key), then the simple and extended query protocols: Query; Parse / Bind / Describe /
 * Execute / Close / Sync / Flush, with named prepared statements and portals (Execute's
 * row limit suspends a portal), and error recovery until Sync as PostgreSQL does it.
 * Messages are handled one at a time, in order.
 */
import { randomInt } from "node:crypto";
import type { Socket } from "node:net";
import { type SecureContext, TLSSocket } from "node:tls";
import type { DuckDBValue } from "@duckdb/node-api";
import { describeScope } from "../../core/access/api-keys.js";
import type { Principal } from "../../core/access/principal.js";
import type { Logger } from "../../core/logger.js";
import type { Security } from "../auth/security.js";
import type { WarehouseSource } from "../warehouse/warehouse-source.js";
import type { EndpointDatabases } from "./endpoint-database.js";
import { binaryOf, textOf } from "./pg-types.js";
import {
  type BindMessage,
  BodyReader,
  CANCEL_REQUEST,
  GSSENC_REQUEST,
  MessageReader,
  MessageWriter,
  type PgError,
  PROTOCOL_3,
  ProtocolError,
  readBind,
  readParse,
  readStartup,
  SSL_REQUEST,
  writeCommandComplete,
  writeDataRow,
  writeError,
  writeParameterStatus,
  writeReady,
  writeRowDescription,
} from "./pg-wire.js";
import { SERVER_PARAMETERS } from "./session-statements.js";
import { AuthRefusal, admit, presentedToken } from "./sql-auth.js";
import { type Column, type Plan, StatementFailure, StatementRefusal, StatementRunner } from "./statement-runner.js";

export interface SessionContext {
  readonly source: WarehouseSource;
  readonly databases: EndpointDatabases;
  readonly security: Security;
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly maxRows: number;
  readonly tls: SecureContext | null;
  /** Cancel keys: register this session, find the one a cancel request names. */
  register(session: PgSession): { pid: number; secret: number };
  unregister(session: PgSession): void;
  cancel(pid: number, secret: number): void;
}

interface Prepared {
  readonly sql: string;
  readonly plan: Plan;
}

interface Portal {
  readonly prepared: Prepared;
  readonly bind: BindMessage;
  /** Rows not yet sent (after a suspended Execute). */
  result?: { columns: readonly Column[]; rows: readonly (readonly DuckDBValue[])[]; sent: number };
}

/** Rows written to the socket per write, so a large result is not one huge buffer. */
const ROWS_PER_WRITE = 500;

export class PgSession {
  readonly #reader = new MessageReader();
  #socket: Socket;
  #work: Promise<void> = Promise.resolve();
  #phase: "startup" | "password" | "ready" | "closed" = "startup";
  #parameters: Record<string, string> = {};
  #token: string | null = null;
  #principal: Principal | null = null;
  #runner: StatementRunner | null = null;
  #inTransaction = false;
  /** After an error in the extended protocol, messages are skipped until Sync. */
  #skipUntilSync = false;
  readonly #prepared = new Map<string, Prepared>();
  readonly #portals = new Map<string, Portal>();
  readonly #remote: string;
  #encrypted = false;

  constructor(
    socket: Socket,
    private readonly context: SessionContext,
  ) {
    this.#socket = socket;
    this.#remote = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
    this.#listen(socket);
    socket.on("close", () => void this.#closed());
    socket.on("error", () => socket.destroy());
  }

  /** Ends the connection (server stopping). */
  terminate(): void {
    this.#socket.destroy();
  }

  cancel(): void {
    this.#runner?.cancel();
  }

  #listen(socket: Socket): void {
    socket.on("data", (chunk: Buffer) => {
      this.#reader.push(chunk);
      this.#work = this.#work.then(() => this.#drain()).catch((error: unknown) => this.#fail(error));
    });
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#phase === "closed") return;
      const message = this.#reader.next();
      if (!message) return;
      if (message.type === null) await this.#untyped(message.body);
      else await this.#typed(message.type, message.body);
    }
  }

  #fail(error: unknown): void {
    if (this.#phase === "closed") return;
    const message = error instanceof ProtocolError ? error.message : `internal error: ${(error as Error).message}`;
    if (!(error instanceof ProtocolError)) this.context.logger.error(`SQL endpoint: session ${this.#remote} failed`, error);
    this.#send((w) => writeError(w, { severity: "FATAL", code: error instanceof ProtocolError ? "08P01" : "XX000", message }));
    this.#end();
  }

  #send(build: (w: MessageWriter) => void): void {
    const w = new MessageWriter();
    build(w);
    if (!this.#socket.destroyed) this.#socket.write(w.flush());
  }

  /** Waits until the socket has room again (large results). */
  async #drainSocket(): Promise<void> {
    if (!this.#socket.writableNeedDrain || this.#socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.#socket.off("drain", done);
        this.#socket.off("close", done);
        resolve();
      };
      this.#socket.on("drain", done);
      this.#socket.on("close", done);
    });
  }

  #end(): void {
    this.#phase = "closed";
    this.#socket.end();
  }

  async #closed(): Promise<void> {
    const wasReady = this.#phase === "ready" || this.#principal !== null;
    this.#phase = "closed";
    this.context.unregister(this);
    await this.#work.catch(() => {});
    await this.#runner?.close().catch((error: unknown) => this.context.logger.error("SQL endpoint: closing a session failed", error));
    this.#runner = null;
    if (wasReady) this.context.logger.info(`SQL endpoint: disconnected ${this.#who()}`);
  }

  #who(): string {
    const p = this.#principal;
    const who = p ? `key ${p.keyId ?? "demo"} (${p.role}, ${describeScope(p.scope)})` : "unauthenticated";
    return `${this.#remote} ${who}`;
  }

  // ---------------------------------------------------------------- startup and password

  async #untyped(body: Buffer): Promise<void> {
    const code = new BodyReader(body).int32();
    if (code === SSL_REQUEST) return this.#startTls();
    if (code === GSSENC_REQUEST) {
      this.#socket.write("N");
      return;
    }
    if (code === CANCEL_REQUEST) {
      const r = new BodyReader(body);
      r.int32();
      this.context.cancel(r.int32(), r.int32());
      this.#end();
      return;
    }
    const startup = readStartup(body);
    if (startup.code !== PROTOCOL_3) {
      this.#send((w) =>
        writeError(w, {
          severity: "FATAL",
          code: "0A000",
          message: `unsupported frontend protocol ${startup.code >> 16}.${startup.code & 0xffff}: this server speaks 3.0`,
        }),
      );
      return this.#end();
    }
    this.#parameters = startup.parameters;
    this.#reader.typed = true;
    this.#phase = "password";
    this.#send((w) => w.message("R", (f) => f.int32(3))); // AuthenticationCleartextPassword
  }

  async #startTls(): Promise<void> {
    if (!this.context.tls || this.#encrypted) {
      this.#socket.write("N");
      return;
    }
    this.#socket.write("S");
    const plain = this.#socket;
    plain.removeAllListeners("data");
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.context.tls });
    this.#socket = secure;
    this.#encrypted = true;
    this.#listen(secure);
    secure.on("error", () => secure.destroy());
  }

  async #password(body: Buffer): Promise<void> {
    const password = new BodyReader(body).cstring();
    const { security, logger } = this.context;
    const user = this.#parameters.user ?? "";
    try {
      this.#token = presentedToken(security, password);
      this.#principal = admit(security, this.#token, true);
    } catch (error) {
      if (!(error instanceof AuthRefusal)) throw error;
      logger.info(`SQL endpoint: refused connection from ${this.#remote} user=${JSON.stringify(user)}: ${error.reason}`);
      this.#send((w) => writeError(w, error.pgError));
      return this.#end();
    }
    const runner = new StatementRunner({
      source: this.context.source,
      databases: this.context.databases,
      scope: this.#principal.scope,
      timeoutMs: this.context.timeoutMs,
      maxRows: this.context.maxRows,
    });
    await runner.open();
    this.#runner = runner;
    const { pid, secret } = this.context.register(this);
    this.#phase = "ready";
    logger.info(
      `SQL endpoint: connected ${this.#who()} user=${JSON.stringify(user)} database=${JSON.stringify(this.#parameters.database ?? "")} application=${JSON.stringify(this.#parameters.application_name ?? "")}${this.#encrypted ? " tls" : ""}`,
    );
    this.#send((w) => {
      w.message("R", (f) => f.int32(0)); // AuthenticationOk
      for (const [name, value] of Object.entries(SERVER_PARAMETERS)) writeParameterStatus(w, name, value);
      writeParameterStatus(w, "application_name", this.#parameters.application_name ?? "");
      writeParameterStatus(w, "session_authorization", user);
      w.message("K", (f) => f.int32(pid).int32(secret));
      writeReady(w, "I");
    });
  }

  // ---------------------------------------------------------------- messages after startup

  async #typed(type: string, body: Buffer): Promise<void> {
    if (this.#phase === "password") {
      if (type !== "p") throw new ProtocolError(`expected a password message, got '${type}'`);
      return this.#password(body);
    }
    if (type === "X") return this.#end();
    if (this.#skipUntilSync && type !== "S") return;
    switch (type) {
      case "Q":
        return this.#simpleQuery(new BodyReader(body).cstring());
      case "P":
        return this.#parse(body);
      case "B":
        return this.#bind(body);
      case "D":
        return this.#describe(body);
      case "E":
        return this.#execute(body);
      case "C":
        return this.#close(body);
      case "S":
        this.#skipUntilSync = false;
        this.#portals.delete("");
        this.#send((w) => writeReady(w, this.#status()));
        return;
      case "H":
        return;
      case "F":
        return this.#extendedError({ code: "0A000", message: "function calls are not supported" });
      case "d":
      case "c":
      case "f":
        return;
      default:
        throw new ProtocolError(`unknown message type '${type}'`);
    }
  }

  #status(): "I" | "T" {
    return this.#inTransaction ? "T" : "I";
  }

  async #simpleQuery(sql: string): Promise<void> {
    const w = new MessageWriter();
    try {
      const plan = await this.#plan(sql, []);
      if (plan.kind === "empty") w.message("I");
      else if (plan.kind === "session") this.#answerSession(w, plan, true);
      else {
        this.#admitStatement(sql);
        const result = await this.#runner!.run(plan, []);
        writeRowDescription(
          w,
          result.columns.map((c) => ({ name: c.name, typeOid: c.typeOid, typeSize: c.typeSize, binary: false })),
        );
        await this.#writeRows(w, result, 0, result.rows.length, []);
        writeCommandComplete(w, `SELECT ${result.rows.length}`);
      }
    } catch (error) {
      this.#statementError(w, error, sql);
    }
    writeReady(w, this.#status());
    this.#socket.write(w.flush());
  }

  async #parse(body: Buffer): Promise<void> {
    const message = readParse(body);
    try {
      const plan = await this.#plan(message.query, message.parameterTypes);
      if (message.name) this.#prepared.delete(message.name);
      this.#prepared.set(message.name, { sql: message.query, plan });
      this.#send((w) => w.message("1"));
    } catch (error) {
      const w = new MessageWriter();
      this.#statementError(w, error, message.query);
      this.#socket.write(w.flush());
      this.#skipUntilSync = true;
    }
  }

  async #bind(body: Buffer): Promise<void> {
    const bind = readBind(body);
    const prepared = this.#prepared.get(bind.statement);
    if (!prepared) return this.#extendedError({ code: "26000", message: `prepared statement "${bind.statement}" does not exist` });
    this.#portals.set(bind.portal, { prepared, bind });
    this.#send((w) => w.message("2"));
  }

  async #describe(body: Buffer): Promise<void> {
    const r = new BodyReader(body);
    const kind = r.byte();
    const name = r.cstring();
    const w = new MessageWriter();
    if (kind === "S") {
      const prepared = this.#prepared.get(name);
      if (!prepared) return this.#extendedError({ code: "26000", message: `prepared statement "${name}" does not exist` });
      const oids = prepared.plan.kind === "query" ? prepared.plan.parameterOids : [];
      w.message("t", (f) => {
        f.int16(oids.length);
        for (const oid of oids) f.int32(oid);
      });
      this.#describeColumns(w, prepared.plan, []);
    } else {
      const portal = this.#portals.get(name);
      if (!portal) return this.#extendedError({ code: "34000", message: `portal "${name}" does not exist` });
      this.#describeColumns(w, portal.prepared.plan, portal.bind.resultFormats);
    }
    this.#socket.write(w.flush());
  }

  #describeColumns(w: MessageWriter, plan: Plan, formats: readonly number[]): void {
    if (plan.kind === "query")
      writeRowDescription(
        w,
        plan.columns.map((c, i) => ({ name: c.name, typeOid: c.typeOid, typeSize: c.typeSize, binary: formatOf(formats, i) === 1 })),
      );
    else if (plan.kind === "session" && plan.answer.show) writeRowDescription(w, [{ name: plan.answer.show.column, typeOid: 25, typeSize: -1, binary: false }]);
    else w.message("n"); // NoData
  }

  async #execute(body: Buffer): Promise<void> {
    const r = new BodyReader(body);
    const name = r.cstring();
    const limit = r.int32();
    const portal = this.#portals.get(name);
    if (!portal) return this.#extendedError({ code: "34000", message: `portal "${name}" does not exist` });
    const w = new MessageWriter();
    const plan = portal.prepared.plan;
    try {
      if (plan.kind === "empty") w.message("I");
      else if (plan.kind === "session") this.#answerSession(w, plan, false);
      else {
        if (!portal.result) {
          this.#admitStatement(portal.prepared.sql);
          const result = await this.#runner!.run(plan, portal.bind.parameters);
          portal.result = { columns: result.columns, rows: result.rows, sent: 0 };
        }
        const result = portal.result;
        const end = limit > 0 ? Math.min(result.rows.length, result.sent + limit) : result.rows.length;
        await this.#writeRows(w, result, result.sent, end, portal.bind.resultFormats);
        result.sent = end;
        if (end < result.rows.length)
          w.message("s"); // PortalSuspended
        else writeCommandComplete(w, `SELECT ${result.rows.length}`);
      }
      this.#socket.write(w.flush());
    } catch (error) {
      this.#statementError(w, error, portal.prepared.sql);
      this.#socket.write(w.flush());
      this.#skipUntilSync = true;
    }
  }

  async #close(body: Buffer): Promise<void> {
    const r = new BodyReader(body);
    const kind = r.byte();
    const name = r.cstring();
    if (kind === "S") this.#prepared.delete(name);
    else this.#portals.delete(name);
    this.#send((w) => w.message("3"));
  }

  #extendedError(error: PgError): void {
    this.#send((w) => writeError(w, error));
    this.#skipUntilSync = true;
  }

  // ---------------------------------------------------------------- statements

  async #plan(sql: string, declared: readonly number[]): Promise<Plan> {
    return this.#runner!.plan(sql, declared);
  }

  /** Each statement passes the gate again: the key's rate limit, and a key revoked since connecting. */
  #admitStatement(sql: string): void {
    try {
      admit(this.context.security, this.#token, false);
    } catch (error) {
      if (!(error instanceof AuthRefusal)) throw error;
      throw new StatementFailure(error.pgError, error.reason);
    }
    void sql;
  }

  #answerSession(w: MessageWriter, plan: Extract<Plan, { kind: "session" }>, describe: boolean): void {
    const { answer } = plan;
    if (answer.show) {
      if (describe) writeRowDescription(w, [{ name: answer.show.column, typeOid: 25, typeSize: -1, binary: false }]);
      writeDataRow(w, [Buffer.from(answer.show.value)]);
      writeCommandComplete(w, "SHOW");
      return;
    }
    if (answer.transaction !== undefined) this.#inTransaction = answer.transaction;
    writeCommandComplete(w, answer.tag);
  }

  #statementError(w: MessageWriter, error: unknown, sql: string): void {
    if (error instanceof StatementRefusal || error instanceof StatementFailure) {
      const refusal = error instanceof StatementRefusal || ["53400", "28P01", "28000"].includes(error.pgError.code);
      this.context.logger.info(`SQL endpoint: ${refusal ? "refused" : "failed"} statement of ${this.#who()}: ${error.reason}: ${oneLine(sql)}`);
      writeError(w, error.pgError);
      if (error.pgError.severity === "FATAL") this.#end();
      return;
    }
    this.context.logger.error(`SQL endpoint: statement of ${this.#who()} failed: ${oneLine(sql)}`, error);
    writeError(w, { code: "XX000", message: (error as Error).message.split("\n")[0] });
  }

  async #writeRows(
    w: MessageWriter,
    result: { columns: readonly Column[]; rows: readonly (readonly DuckDBValue[])[] },
    from: number,
    to: number,
    formats: readonly number[],
  ): Promise<void> {
    const binary = result.columns.map((_, i) => formatOf(formats, i) === 1);
    for (let i = from; i < to; i++) {
      const row = result.rows[i];
      writeDataRow(
        w,
        row.map((value, c) => {
          if (!binary[c]) {
            const text = textOf(value);
            return text === null ? null : Buffer.from(text, "utf8");
          }
          const encoded = binaryOf(value, result.columns[c].typeOid);
          if (encoded === undefined)
            throw new StatementFailure(
              { code: "0A000", message: `column ${result.columns[c].name}: binary format is not supported for this type; ask for text` },
              "binary format",
            );
          return encoded;
        }),
      );
      if ((i - from + 1) % ROWS_PER_WRITE === 0) {
        this.#socket.write(w.flush());
        await this.#drainSocket();
      }
    }
  }
}

function formatOf(formats: readonly number[], i: number): number {
  return formats.length === 0 ? 0 : formats.length === 1 ? formats[0] : (formats[i] ?? 0);
}

function oneLine(sql: string): string {
  const line = sql.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** A random 32-bit secret for cancel requests. */
export function cancelSecret(): number {
  return randomInt(1, 2 ** 31 - 1);
}
