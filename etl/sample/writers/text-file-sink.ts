/**
 * A text file written in chunks, in UTF-8 (optionally with a BOM), decomposed UTF-8 or a
 * legacy Vietnamese encoding, with backpressure: callers `await drain()` between units
 * so that no more than one chunk and the stream's buffer are ever held in memory.
 */

import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { type DetectedEncoding, encodeVietnamese } from "../../encoding/index.js";

/** UTF-8 text is encoded straight into chunks of this size. */
const CHUNK_BYTES = 1 << 18;
/** Other encodings collect this much text before encoding it. */
const CHUNK_CHARS = 1 << 16;
/** Bytes the stream may buffer before writers wait: a few chunks, so waits are rare. */
const STREAM_BUFFER_BYTES = 1 << 20;

export class TextFileSink {
  private readonly stream: WriteStream;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(
    readonly path: string,
    private readonly encoding: DetectedEncoding = "utf-8",
    byteOrderMark = false,
  ) {
    this.stream = createWriteStream(path, { highWaterMark: STREAM_BUFFER_BYTES });
    if (byteOrderMark) this.stream.write(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  write(text: string): void {
    if (this.encoding !== "utf-8") {
      this.pending.push(text);
      this.pendingChars += text.length;
      if (this.pendingChars >= CHUNK_CHARS) this.flush();
      return;
    }
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 > CHUNK_BYTES) {
      this.flush();
      if (text.length * 3 > CHUNK_BYTES) {
        this.stream.write(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.chunk.write(text, this.used, "utf8");
  }

  /** Resolves once the stream can take more (immediately unless it is full). */
  async drain(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(resolve);
    });
  }

  private flush(): void {
    if (this.used) {
      this.stream.write(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      this.used = 0;
    }
    if (this.pending.length) {
      // Chunks end at record boundaries, so per-chunk normalisation and encoding are safe.
      const text = this.pending.join("");
      this.pending = [];
      this.pendingChars = 0;
      this.stream.write(encodeVietnamese(text, this.encoding));
    }
  }
}
