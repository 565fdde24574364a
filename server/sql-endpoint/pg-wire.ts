/**
 * The PostgreSQL wire protocol (version 3) as far as a read-only server needs it:
 * framing of the client's messages, parsing of those it sends, and encoding of ours.
 * See https://www.postgresql.org/docs/current/protocol-message-formats.html.
 */

/** Codes of the untyped first messages (after the length). */
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3 = 196608;

/** Longest message accepted from a client (a statement and its parameters); longer ones close the connection. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/**
 * Cuts a byte stream into messages: the first ones untyped (`int32 length` + body, until
 * the startup message), the rest typed (`byte type` + `int32 length` + body).
 */
export class MessageReader {
  #buffer: Buffer = Buffer.alloc(0);
  typed = false;

  push(chunk: Buffer): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
  }

  /** The next whole message, or null until more bytes come. */
  next(): { type: string | null; body: Buffer } | null {
    const header = this.typed ? 5 : 4;
    if (this.#buffer.length < header) return null;
    const length = this.#buffer.readInt32BE(this.typed ? 1 : 0);
    if (length < 4 || length > MAX_MESSAGE_BYTES) throw new ProtocolError(`message length ${length} is out of bounds (4–${MAX_MESSAGE_BYTES} bytes)`);
    const total = length + (this.typed ? 1 : 0);
    if (this.#buffer.length < total) return null;
    const type = this.typed ? String.fromCharCode(this.#buffer[0]) : null;
    const body = Buffer.from(this.#buffer.subarray(header, total));
    this.#buffer = this.#buffer.subarray(total);
    return { type, body };
  }
}

/** Reads the fields of one message body. */
export class BodyReader {
  #offset = 0;
  constructor(private readonly body: Buffer) {}

  int16(): number {
    this.#need(2);
    const v = this.body.readInt16BE(this.#offset);
    this.#offset += 2;
    return v;
  }

  int32(): number {
    this.#need(4);
    const v = this.body.readInt32BE(this.#offset);
    this.#offset += 4;
    return v;
  }

  byte(): string {
    this.#need(1);
    return String.fromCharCode(this.body[this.#offset++]);
  }

  cstring(): string {
    const end = this.body.indexOf(0, this.#offset);
    if (end < 0) throw new ProtocolError("a string field is not terminated");
    const text = this.body.toString("utf8", this.#offset, end);
    this.#offset = end + 1;
    return text;
  }

  bytes(n: number): Buffer {
    this.#need(n);
    const v = this.body.subarray(this.#offset, this.#offset + n);
    this.#offset += n;
    return v;
  }

  #need(n: number): void {
    if (this.#offset + n > this.body.length) throw new ProtocolError("a message is shorter than its fields");
  }
}

/** The startup message's parameters (user, database, application_name, options…). */
export function readStartup(body: Buffer): { code: number; parameters: Record<string, string> } {
  const reader = new BodyReader(body);
  const code = reader.int32();
  const parameters: Record<string, string> = {};
  if (code !== PROTOCOL_3) return { code, parameters };
  for (;;) {
    const name = reader.cstring();
    if (!name) break;
    parameters[name] = reader.cstring();
  }
  return { code, parameters };
}

export interface ParseMessage {
  readonly name: string;
  readonly query: string;
  readonly parameterTypes: readonly number[];
}

export function readParse(body: Buffer): ParseMessage {
  const r = new BodyReader(body);
  const name = r.cstring();
  const query = r.cstring();
  const n = r.int16();
  const parameterTypes: number[] = [];
  for (let i = 0; i < n; i++) parameterTypes.push(r.int32());
  return { name, query, parameterTypes };
}

export interface BindMessage {
  readonly portal: string;
  readonly statement: string;
  /** Each parameter: its bytes (null for NULL) and whether they are binary. */
  readonly parameters: readonly { readonly value: Buffer | null; readonly binary: boolean }[];
  /** 0 text, 1 binary: one for all columns, or one per column; empty = all text. */
  readonly resultFormats: readonly number[];
}

export function readBind(body: Buffer): BindMessage {
  const r = new BodyReader(body);
  const portal = r.cstring();
  const statement = r.cstring();
  const formats: number[] = [];
  for (let i = 0, n = r.int16(); i < n; i++) formats.push(r.int16());
  const parameters: { value: Buffer | null; binary: boolean }[] = [];
  for (let i = 0, n = r.int16(); i < n; i++) {
    const length = r.int32();
    const binary = (formats.length === 1 ? formats[0] : (formats[i] ?? 0)) === 1;
    parameters.push({ value: length < 0 ? null : Buffer.from(r.bytes(length)), binary });
  }
  const resultFormats: number[] = [];
  for (let i = 0, n = r.int16(); i < n; i++) resultFormats.push(r.int16());
  return { portal, statement, parameters, resultFormats };
}

/** Builds backend messages. */
export class MessageWriter {
  #parts: Buffer[] = [];

  message(type: string, build?: (w: FieldWriter) => void): this {
    const fields = new FieldWriter();
    build?.(fields);
    const body = fields.toBuffer();
    const header = Buffer.alloc(5);
    header.write(type, 0, "latin1");
    header.writeInt32BE(body.length + 4, 1);
    this.#parts.push(header, body);
    return this;
  }

  /** Takes what was written so far. */
  flush(): Buffer {
    const out = Buffer.concat(this.#parts);
    this.#parts = [];
    return out;
  }

  get pending(): number {
    return this.#parts.reduce((n, p) => n + p.length, 0);
  }
}

export class FieldWriter {
  readonly #parts: Buffer[] = [];

  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    this.#parts.push(b);
    return this;
  }

  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.#parts.push(b);
    return this;
  }

  byte(c: string): this {
    this.#parts.push(Buffer.from(c, "latin1"));
    return this;
  }

  cstring(s: string): this {
    this.#parts.push(Buffer.from(s.replaceAll("\0", ""), "utf8"), Buffer.alloc(1));
    return this;
  }

  bytes(b: Buffer): this {
    this.#parts.push(b);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** A column of a RowDescription. */
export interface FieldDescription {
  readonly name: string;
  readonly typeOid: number;
  readonly typeSize: number;
  readonly binary: boolean;
}

/** An error or notice as the client shows it: SQLSTATE code, message, optional detail and hint. */
export interface PgError {
  readonly severity?: "ERROR" | "FATAL";
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
}

export function writeError(w: MessageWriter, error: PgError, type: "E" | "N" = "E"): void {
  const severity = type === "N" ? "NOTICE" : (error.severity ?? "ERROR");
  w.message(type, (f) => {
    f.byte("S").cstring(severity).byte("V").cstring(severity).byte("C").cstring(error.code).byte("M").cstring(error.message);
    if (error.detail) f.byte("D").cstring(error.detail);
    if (error.hint) f.byte("H").cstring(error.hint);
    f.byte("\0");
  });
}

export function writeRowDescription(w: MessageWriter, fields: readonly FieldDescription[]): void {
  w.message("T", (f) => {
    f.int16(fields.length);
    for (const field of fields)
      f.cstring(field.name)
        .int32(0)
        .int16(0)
        .int32(field.typeOid)
        .int16(field.typeSize)
        .int32(-1)
        .int16(field.binary ? 1 : 0);
  });
}

export function writeDataRow(w: MessageWriter, values: readonly (Buffer | null)[]): void {
  w.message("D", (f) => {
    f.int16(values.length);
    for (const v of values) {
      if (v === null) f.int32(-1);
      else f.int32(v.length).bytes(v);
    }
  });
}

export function writeReady(w: MessageWriter, status: "I" | "T" | "E"): void {
  w.message("Z", (f) => f.byte(status));
}

export function writeCommandComplete(w: MessageWriter, tag: string): void {
  w.message("C", (f) => f.cstring(tag));
}

export function writeParameterStatus(w: MessageWriter, name: string, value: string): void {
  w.message("S", (f) => f.cstring(name).cstring(value));
}
