// The page's state, shared by its modules: the filters (kept in the URL by filters.js),
// what the API said at start (its root fields, years, lists; the crosswalk and the map)
// and the page's GraphQL documents (examples/dashboard/, loaded by app.js).
import { gql } from "./api.js";

export const $ = (selector) => document.querySelector(selector);

/** The page's GraphQL documents by operation name (served at /assets/operations/). */
const documents = new Map();

export function setDocument(name, text) {
  documents.set(name, text);
}

/** Runs one of the page's operations. */
export function op(name, variables = {}) {
  return gql(documents.get(name), variables, name);
}

export const state = {
  year: null,
  /** "" (whole province), "d:<district code>" or "c:<2025 commune code>" */
  area: "",
  sector: "",
  mapView: "commune",
};

export const meta = {
  /** Root fields of the API (null: not known, introspection is off) */
  fields: new Set(),
  /** Fields the API said it does not have */
  missing: new Set(),
  years: [],
  districts: [],
  communes: [],
  sectors: [],
  /** 2025 commune → its pre-2025 districts, most communes first */
  communeDistricts: {},
  map: null,
  batches: null,
};

let generation = 0;

/** Starts a refresh; the views of an earlier one then drop their answers (isCurrent is false). */
export function nextGeneration() {
  return ++generation;
}

export function isCurrent(mine) {
  return mine === generation;
}

export function hasField(field) {
  return !meta.missing.has(field) && (meta.fields === null || meta.fields.has(field));
}
