/** JSON files written element by element: a JSON array, or newline-delimited JSON. */
import type { RowWriter } from "./row-writer.js";
import { TextFileSink } from "./text-file-sink.js";

export type JsonRecord = Readonly<Record<string, string | number | boolean | null>>;

export class JsonWriter implements RowWriter<JsonRecord> {
  private readonly sink: TextFileSink;
  rowsWritten = 0;

  constructor(
    path: string,
    private readonly layout: "array" | "ndjson",
  ) {
    this.sink = new TextFileSink(path);
    if (layout === "array") this.sink.write("[");
  }

  write(record: JsonRecord): void {
    const text = JSON.stringify(record);
    if (this.layout === "ndjson") this.sink.write(`${text}\n`);
    else this.sink.write(`${this.rowsWritten ? "," : ""}\n  ${text}`);
    this.rowsWritten++;
  }

  drain(): Promise<void> {
    return this.sink.drain();
  }

  close(): Promise<void> {
    if (this.layout === "array") this.sink.write("\n]\n");
    return this.sink.close();
  }
}
