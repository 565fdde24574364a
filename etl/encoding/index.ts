export { type ChunkTextDecoder, createChunkTextDecoder, createDecodeTransform, decodeVietnamese } from "./decode-vietnamese.js";
export { DETECTION_SAMPLE_BYTES, detectEncoding } from "./detect-encoding.js";
export { encodeVietnamese } from "./encode-vietnamese.js";
export {
  DETECTED_ENCODINGS,
  type DetectedEncoding,
  isDetectedEncoding,
  isLegacyEncoding,
  LEGACY_ENCODINGS,
  type LegacyEncoding,
} from "./encoding-names.js";
export { decodeLegacyText, detectTextEncoding } from "./legacy-text.js";
export { type TranscodeResult, transcodeFileToUtf8 } from "./transcode-file.js";
