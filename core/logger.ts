/** Where the server writes what operators need to see. */
export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = Object.freeze({
  info: (message: string) => console.log(message),
  error: (message: string, error?: unknown) => console.error(message, error ?? ""),
});

/** Discards everything (tests that provoke errors on purpose). */
export const silentLogger: Logger = Object.freeze({ info: () => {}, error: () => {} });
