import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createDecodeTransform } from "./decode-vietnamese.js";
import type { DetectedEncoding } from "./encoding-names.js";

export interface TranscodeResult {
  bytesIn: number;
  bytesOut: number;
}

/** Streams `srcPath` (in `enc`) to `destPath` as UTF-8 NFC without loading it whole. */
export async function transcodeFileToUtf8(srcPath: string, destPath: string, enc: DetectedEncoding): Promise<TranscodeResult> {
  const source = createReadStream(srcPath);
  const sink = createWriteStream(destPath);
  await pipeline(source, createDecodeTransform(enc), sink);
  return { bytesIn: source.bytesRead, bytesOut: sink.bytesWritten };
}
