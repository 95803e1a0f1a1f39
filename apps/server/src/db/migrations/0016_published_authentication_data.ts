import type { Kysely, Migration } from 'kysely';

/**
 * Renames stored 3DS results to Xendit's published names (Payments_API_AuthenticationData).
 * Older versions wrote `authentication_data` with `flow: "CHALLENGE"` and
 * `a_res.directory_server_trans_id`; the schema says `FULL_AUTH` and `a_res.ds_trans_id`. Payments
 * and tokens are rewritten so their views match new rows. Events stay as they were sent: they are
 * the record of what a webhook carried then.
 *
 * Dialect-neutral like 0009: JSON is text on both dialects, so rows are found with LIKE, edited in
 * JavaScript and written back by id. Self-contained on purpose (released migrations never change).
 */
const TARGETS = ['payments', 'payment_tokens'] as const;

/** Renames inside every `authentication_data` object, at any depth; anything else is kept as is. */
export function publishAuthenticationData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publishAuthenticationData);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = key === 'authentication_data' ? renamed(child) : publishAuthenticationData(child);
  return out;
}

function renamed(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const { flow, a_res: aRes, ...rest } = data as Record<string, unknown>;
  let published = aRes;
  if (typeof aRes === 'object' && aRes !== null && !Array.isArray(aRes) && 'directory_server_trans_id' in aRes) {
    const { directory_server_trans_id: dsTransId, ...others } = aRes as Record<string, unknown>;
    published = { ...others, ds_trans_id: dsTransId };
  }
  return { ...rest, ...(flow === undefined ? {} : { flow: flow === 'CHALLENGE' ? 'FULL_AUTH' : flow }), ...(aRes === undefined ? {} : { a_res: published }) };
}

export const m0016_published_authentication_data = (): Migration => ({
  async up(db: Kysely<any>) {
    for (const table of TARGETS) {
      const rows = await db.selectFrom(table).select(['id', 'body']).where('body', 'like', '%"authentication_data"%').execute();
      for (const row of rows) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(row.body as string);
        } catch {
          continue; // not JSON: nothing Lunas wrote
        }
        const published = JSON.stringify(publishAuthenticationData(parsed));
        if (published === JSON.stringify(parsed)) continue;
        await db.updateTable(table).set({ body: published }).where('id', '=', row.id).execute();
      }
    }
  },
});
