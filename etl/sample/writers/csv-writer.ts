/** CSV records (RFC 4180 quoting) with a header line, on a text sink of any encoding. */

import type { DetectedEncoding } from "../../encoding/index.js";
import type { RowWriter } from "./row-writer.js";
import { TextFileSink } from "./text-file-sink.js";

export interface CsvOptions {
  readonly separator: "," | ";";
  readonly encoding?: DetectedEncoding;
  readonly byteOrderMark?: boolean;
  readonly lineEnding?: "\n" | "\r\n";
}

export class CsvWriter implements RowWriter<readonly string[]> {
  private readonly sink: TextFileSink;
  private readonly needsQuotes: RegExp;
  private readonly separator: string;
  private readonly lineEnding: string;
  rowsWritten = 0;

  constructor(path: string, headers: readonly string[], options: CsvOptions) {
    this.sink = new TextFileSink(path, options.encoding ?? "utf-8", options.byteOrderMark ?? false);
    this.separator = options.separator;
    this.lineEnding = options.lineEnding ?? "\n";
    this.needsQuotes = options.separator === ";" ? /[;"\r\n]/ : /[,"\r\n]/;
    this.writeLine(headers);
  }

  write(row: readonly string[]): void {
    this.writeLine(row);
    this.rowsWritten++;
  }

  drain(): Promise<void> {
    return this.sink.drain();
  }

  close(): Promise<void> {
    return this.sink.close();
  }

  private writeLine(values: readonly string[]): void {
    let line = "";
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (i) line += this.separator;
      line += this.needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    }
    this.sink.write(line + this.lineEnding);
  }
}
