// The page's only way to data: the public GraphQL API (POST /graphql) and /health,
// with the API key from this browser's storage when one is set.

const KEY_STORAGE = "uap.apiKey";

export function apiKey() {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? "";
  } catch {
    return "";
  }
}

export function setApiKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    /* storage disabled: the key lasts for this page only */
  }
}

function headers(extra = {}) {
  const key = apiKey();
  return { ...extra, ...(key ? { authorization: `Bearer ${key}` } : {}) };
}

/**
 * A GraphQL error the page shows; `auth` is true when the API wants a (valid) key
 * (a key that may not see one view is FORBIDDEN there: that view says so).
 */
export class ApiError extends Error {
  constructor(message, { status = 0, code = null } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.auth = status === 401 || code === "UNAUTHENTICATED";
  }
}

/** Runs one operation; resolves with `data`, rejects with an ApiError naming the first error. */
export async function gql(query, variables = {}, operationName = undefined) {
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: headers({ "content-type": "application/json", accept: "application/graphql-response+json, application/json" }),
      body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
    });
  } catch (error) {
    throw new ApiError(`Không kết nối được máy chủ (${error.message})`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    /* not JSON: reported below */
  }
  const first = body?.errors?.[0];
  if (first || !response.ok || !body?.data) {
    const code = first?.extensions?.code ?? null;
    throw new ApiError(first?.message ?? `Máy chủ trả lời ${response.status}`, { status: response.status, code });
  }
  return body.data;
}

/** The last batch of each dataset (GET /health). */
export async function health() {
  const response = await fetch("/health", { headers: headers() });
  const body = await response.json().catch(() => null);
  if (!body?.batches) throw new ApiError(body?.error ?? `Máy chủ trả lời ${response.status}`, { status: response.status });
  return body.batches;
}

/**
 * Downloads an export with the key (a plain link cannot send the Authorization header),
 * under the name the server gives it (Content-Disposition), else `fallbackName`.
 */
export async function download(url, fallbackName) {
  const response = await fetch(url, { headers: headers() });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(body?.errors?.[0]?.message ?? `Máy chủ trả lời ${response.status}`, { status: response.status });
  }
  const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
