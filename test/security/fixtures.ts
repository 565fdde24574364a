/**
 * The API as production runs it (not demo mode): every request needs a key, made in a
 * temporary key store; raw HTTP requests so the tests see statuses and headers.
 */
import { join } from "node:path";
import type { DataScope, Role } from "../../core/access/principal.js";
import type { SecurityConfig } from "../../core/settings/security-config.js";
import { type RunningApi, startApi } from "../api/fixtures/api-server.js";
import type { TinyWarehouse } from "../api/fixtures/tiny-warehouse.js";
import { makeTempDir } from "../helpers/temp-dir.js";

export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, unknown>;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: GraphQLBody;
}

export interface SecureApi {
  readonly api: RunningApi;
  readonly dir: string;
  /** A new key (its token) with this role and scope. */
  key(role: Role, scope?: DataScope, name?: string): string;
  /** POST /graphql with the key (none when null). */
  post(token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Answer>;
  /** POST /graphql with any JSON body. */
  postBody(token: string | null, body: unknown): Promise<{ status: number; headers: Headers; json: any }>;
  close(): Promise<void>;
}

export const PROVINCE: DataScope = { kind: "PROVINCE" };
export const districts = (...codes: string[]): DataScope => ({ kind: "DISTRICTS", codes });
export const newCommunes = (...codes: string[]): DataScope => ({ kind: "NEW_COMMUNES", codes });

export async function startSecureApi(security: Partial<SecurityConfig> = {}, options: { warehouse?: TinyWarehouse } = {}): Promise<SecureApi> {
  const temp = makeTempDir("uap-security-");
  const api = await startApi({
    warehouse: options.warehouse,
    security: {
      demoMode: false,
      allowIntrospection: false,
      keyStorePath: join(temp.dir, "keys.json"),
      auditLogPath: join(temp.dir, "audit.jsonl"),
      ...security,
    },
  });
  const postBody = async (token: string | null, body: unknown) => {
    const response = await fetch(api.graphqlUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, json: await response.json() };
  };
  return {
    api,
    dir: temp.dir,
    key: (role, scope = PROVINCE, name) => api.app.security.keys.create({ role, scope, name, actor: "test" }).token,
    post: async (token, query, variables, headers = {}) => {
      const response = await fetch(api.graphqlUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLBody };
    },
    postBody,
    close: async () => {
      await api.close();
      temp.remove();
    },
  };
}

/** The data of an answer that must have no errors. */
export function dataOf(answer: Answer): Record<string, any> {
  if (answer.body.errors?.length) throw new Error(`unexpected errors (HTTP ${answer.status}): ${JSON.stringify(answer.body.errors)}`);
  return answer.body.data!;
}

/** The error codes of an answer, in order. */
export const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);
