export type DetectedEncoding = "utf-8" | "utf-8-nfd" | "windows-1258" | "tcvn3" | "vni";

/** Single-byte (or base + modifier byte) encodings that predate Unicode. */
export type LegacyEncoding = Exclude<DetectedEncoding, "utf-8" | "utf-8-nfd">;

export const DETECTED_ENCODINGS: readonly DetectedEncoding[] = Object.freeze(["utf-8", "utf-8-nfd", "windows-1258", "tcvn3", "vni"] as const);

export const LEGACY_ENCODINGS: readonly LegacyEncoding[] = Object.freeze(["windows-1258", "tcvn3", "vni"] as const);

export function isDetectedEncoding(value: string): value is DetectedEncoding {
  return (DETECTED_ENCODINGS as readonly string[]).includes(value);
}

export function isLegacyEncoding(enc: DetectedEncoding): enc is LegacyEncoding {
  return (LEGACY_ENCODINGS as readonly string[]).includes(enc);
}
