/** A file that cannot be loaded at all: nothing from it enters the warehouse. */
export class FileRejectedError extends Error {
  readonly file: string;
  readonly rule: string;
  /** What is wrong, without the file's name (the message is `<file>: <reason>`). */
  readonly reason: string;

  constructor(file: string, rule: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "FileRejectedError";
    this.file = file;
    this.rule = rule;
    this.reason = message;
  }
}
