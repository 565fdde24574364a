/** The query limits applied to every operation before any SQL (README, "Security"). */

export { boundAnswerBytes } from "./limits/answer-size.js";
export { depthLimitRule } from "./limits/depth-limit.js";
export { expandedSizeRule } from "./limits/expanded-size.js";
export { complexityLimitPlugin } from "./plugins/complexity-limit.js";
