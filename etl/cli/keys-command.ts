/**
 * `etl keys create|list|revoke`: the API keys of the GraphQL server (core/access/api-keys.ts).
 *
 *   keys create --role ANALYST --districts 464,465 [--name "LĐLĐ huyện Vĩnh Linh"]
 *   keys create --role DASHBOARD --communes 19333 [--name …]
 *   keys create --role ADMIN [--name …]            (no --districts/--communes: the province)
 *   keys list
 *   keys revoke <id>
 *   keys trust                                    (records keys.json's hash after an outside change was reviewed)
 *
 * The key store is $API_KEYS, else keys.json beside the warehouse (--db, $WAREHOUSE:
 * data/keys.json); every change is written to the audit log ($AUDIT_LOG, else audit.jsonl
 * beside the warehouse) with $AUDIT_ACTOR or the OS user as the actor. A new key
 * is printed once: only its salted hash is kept.
 *
 * No action runs on a key store that its group or others may write, or that another user
 * owns (core/access/key-file-guard.ts): the message names the file and the `chmod` that
 * fixes it. A key store changed outside these commands is used, but said and audited.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeScope, KeyStore, KeyStoreError } from "../../core/access/api-keys.js";
import { keyFileProblem, reportOutsideChange } from "../../core/access/key-file-guard.js";
import { type DataScope, PROVINCE_SCOPE, ROLES, type Role } from "../../core/access/principal.js";
import { AuditLog, currentActor } from "../../core/records/audit-log.js";
import { securityFilesBeside } from "../../core/settings/security-config.js";
import { CONFIG_DEFAULTS } from "../../core/settings/server-config.js";
import { formatTable } from "./format-table.js";

export interface KeysCommandOptions {
  readonly action: string | undefined;
  readonly args: readonly string[];
  readonly role?: string;
  readonly districts?: string;
  readonly communes?: string;
  readonly name?: string;
  /** The warehouse the server serves: the key store and audit log are beside it unless set. */
  readonly db?: string;
  /** Defaults: $API_KEYS, $AUDIT_LOG, else beside `db`. */
  readonly keyStorePath?: string;
  readonly auditLogPath?: string;
  /** Where to print (tests capture it). */
  readonly out?: (line: string) => void;
}

export const KEYS_USAGE = `keys create --role ADMIN|ANALYST|DASHBOARD [--districts 464,465 | --communes 19333,19363] [--name TEXT]
  keys list
  keys revoke <id>
  keys trust          (after checking the keys: records keys.json's hash, so an outside change stops being reported)`;

const reference = (file: string) => fileURLToPath(new URL(`../reference/${file}`, import.meta.url));

/** The codes of one column of a reference CSV (plain comma-separated, header first). */
function referenceCodes(file: string, column: string): Set<string> {
  const [header, ...lines] = readFileSync(reference(file), "utf8").split(/\r?\n/).filter(Boolean);
  const index = header.split(",").indexOf(column);
  return new Set(lines.map((l) => l.split(",")[index]));
}

function codesOf(text: string, kind: "DISTRICTS" | "NEW_COMMUNES"): string[] {
  const codes = [
    ...new Set(
      text
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  if (!codes.length) throw new KeyStoreError(`--${kind === "DISTRICTS" ? "districts" : "communes"} needs at least one code`);
  const known =
    kind === "DISTRICTS" ? referenceCodes("admin_units_before_2025.csv", "district_code") : referenceCodes("admin_units_from_2025.csv", "commune_code");
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) {
    throw new KeyStoreError(
      `unknown ${kind === "DISTRICTS" ? "district (pre-2025 GSO 3-digit)" : "new commune (2025 GSO 5-digit)"} code${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`,
    );
  }
  return codes;
}

export function scopeOf(options: Pick<KeysCommandOptions, "districts" | "communes">): DataScope {
  if (options.districts != null && options.communes != null) throw new KeyStoreError("give --districts or --communes, not both");
  if (options.districts != null) return { kind: "DISTRICTS", codes: codesOf(options.districts, "DISTRICTS") };
  if (options.communes != null) return { kind: "NEW_COMMUNES", codes: codesOf(options.communes, "NEW_COMMUNES") };
  return PROVINCE_SCOPE;
}

export async function keysCommand(options: KeysCommandOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  const beside = securityFilesBeside(options.db ?? (process.env.WAREHOUSE?.trim() || CONFIG_DEFAULTS.WAREHOUSE));
  const audit = new AuditLog(options.auditLogPath ?? (process.env.AUDIT_LOG?.trim() || beside.AUDIT_LOG));
  const warnings = {
    info: (line: string) => console.error(line),
    error: (line: string, error?: unknown) => console.error(`${line}: ${(error as Error)?.message ?? ""}`),
  };
  const store = new KeyStore(options.keyStorePath ?? (process.env.API_KEYS?.trim() || beside.API_KEYS), {
    onOutsideChange: (change) => reportOutsideChange(change, audit, warnings, `keys ${options.action ?? ""}`.trim()),
  });
  const actor = currentActor();
  const unsafe = keyFileProblem(store.path);
  if (unsafe) {
    console.error(`error: refusing to act: ${unsafe}`);
    return 3;
  }
  try {
    switch (options.action) {
      case "create": {
        const role = options.role?.trim().toUpperCase();
        if (!role || !ROLES.includes(role as Role)) throw new KeyStoreError(`--role must be one of ${ROLES.join(", ")}`);
        const scope = scopeOf(options);
        const { token, key } = store.create({ role: role as Role, scope, name: options.name, actor });
        audit.append({ action: "KEY_CREATED", actor, target: key.id, details: { role: key.role, scope: key.scope, name: key.name, keyStore: store.path } });
        out(`Created ${key.role} key ${key.id}${key.name ? ` (${key.name})` : ""} for the ${describeScope(key.scope)}.`);
        out("");
        out(`  ${token}`);
        out("");
        out("This is the only time the key is shown: only its hash is kept. Send it as `Authorization: Bearer <key>`.");
        return 0;
      }
      case "list": {
        const keys = store.keys();
        if (!keys.length) {
          out(`No keys in ${store.path}. Create one with: npm run etl -- keys create --role ANALYST`);
          return 0;
        }
        out(
          formatTable(
            ["id", "role", "scope", "name", "created", "revoked"],
            keys.map((k) => [
              k.id,
              k.role,
              describeScope(k.scope),
              k.name ?? "",
              k.createdAt.slice(0, 16).replace("T", " "),
              k.revokedAt ? k.revokedAt.slice(0, 16).replace("T", " ") : "",
            ]),
          ),
        );
        return 0;
      }
      case "revoke": {
        const [id] = options.args;
        if (!id) throw new KeyStoreError("keys revoke needs the key's id (see `keys list`)");
        const key = store.revoke(id, actor);
        audit.append({ action: "KEY_REVOKED", actor, target: key.id, details: { role: key.role, scope: key.scope, name: key.name, keyStore: store.path } });
        out(`Revoked key ${key.id}${key.name ? ` (${key.name})` : ""}: it stops working with the server's next request.`);
        return 0;
      }
      case "trust": {
        if (!store.trust()) throw new KeyStoreError(`there is no key store at ${store.path}`);
        out(`Recorded the hash of ${store.path} in ${store.path}.sha256: later changes made outside \`keys\` are reported again.`);
        return 0;
      }
      default:
        throw new KeyStoreError(`unknown keys action ${JSON.stringify(options.action ?? "")}\n\n${KEYS_USAGE}`);
    }
  } catch (error) {
    if (!(error instanceof KeyStoreError)) throw error;
    console.error(`error: ${error.message}`);
    return 2;
  }
}
