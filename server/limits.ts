/** The query limits applied to every operation before any SQL (README, "Security"). */
export { complexityLimitPlugin } from "./limits/complexity-limit.js";
export { depthLimitRule } from "./limits/depth-limit.js";
export { expandedSizeRule } from "./limits/expanded-size.js";
export { boundAnswerBytes } from "./limits/answer-size.js";
