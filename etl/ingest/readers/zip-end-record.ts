import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const END_RECORD_SIGNATURE = 0x06054b50;
const END_RECORD_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;

/**
 * Whether the file ends with a zip end-of-central-directory record, as every complete
 * XLSX workbook does: its signature, then a comment that runs exactly to the end of the
 * file. A workbook cut short (a truncated download or copy) has none. Reads at most the
 * last 64 KiB.
 */
export function hasZipEndRecord(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, MAX_COMMENT_BYTES + END_RECORD_BYTES);
    const tail = Buffer.alloc(length);
    readSync(fd, tail, 0, length, size - length);
    for (let at = length - END_RECORD_BYTES; at >= 0; at--) {
      if (tail.readUInt32LE(at) === END_RECORD_SIGNATURE && at + END_RECORD_BYTES + tail.readUInt16LE(at + 20) === length) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}
