import type { ComplexityEstimator } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../queries/pagination.js";

/**
 * Query cost as graphql-query-complexity counts it: every field 1, a list field its
 * expected length times the cost of one item. A page costs `first` items (capped at
 * the maximum page size, so a too-large `first` gets the page-size error, which
 * names the limit, rather than a complexity error).
 */
export const pageComplexity: ComplexityEstimator = ({ args, childComplexity }) =>
  1 + Math.min(Number(args.first ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE) * childComplexity;

/** A nested list without paging arguments: `expectedLength` items. */
export const listComplexity =
  (expectedLength: number): ComplexityEstimator =>
  ({ childComplexity }) =>
    1 + expectedLength * childComplexity;
