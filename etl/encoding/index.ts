export {
  DETECTED_ENCODINGS,
  LEGACY_ENCODINGS,
  isDetectedEncoding,
  isLegacyEncoding,
  type DetectedEncoding,
  type LegacyEncoding,
} from "./encoding-names.js";
export { createDecodeTransform, createChunkTextDecoder, decodeVietnamese, type ChunkTextDecoder } from "./decode-vietnamese.js";
export { encodeVietnamese } from "./encode-vietnamese.js";
export { DETECTION_SAMPLE_BYTES, detectEncoding } from "./detect-encoding.js";
export { decodeLegacyText, detectTextEncoding } from "./legacy-text.js";
export { transcodeFileToUtf8, type TranscodeResult } from "./transcode-file.js";
