import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { LOGO_MAX_BYTES, type BrandingInput, type BrandingView } from './schemas.ts';
import { brandingStore, type BrandingChanges, type BrandingRow } from './store.ts';

/**
 * Each business's look on the hosted checkout (Lunas extension): display name, logo, brand
 * colour. Used by `GET` / `PATCH /checkout/branding` and `lunas checkout branding`.
 */
const toView = (row: BrandingRow | undefined): BrandingView => ({
  display_name: row?.display_name ?? null,
  brand_color: row?.brand_color ?? null,
  logo: row?.logo ?? null,
  updated: row?.updated ?? null,
});

export function brandingService(db: Db, clock: Clock) {
  return {
    get: async (businessId: string): Promise<BrandingView> => toView(await brandingStore.find(db, businessId)),

    /** Checks every field first, then writes them in one statement: a bad request writes nothing. */
    async update(businessId: string, input: BrandingInput): Promise<BrandingView> {
      const changes: BrandingChanges = {};
      if (input.display_name !== undefined) {
        const name = input.display_name?.trim() ?? null;
        if (name === '') throw Errors.fieldInvalid('/body/display_name', 'must not be blank');
        changes.display_name = name;
      }
      if (input.brand_color !== undefined) changes.brand_color = input.brand_color?.toLowerCase() ?? null;
      if (input.logo !== undefined) changes.logo = input.logo === null ? null : checkLogo(input.logo);
      if (Object.keys(changes).length === 0) return toView(await brandingStore.find(db, businessId));
      return toView(await brandingStore.upsert(db, businessId, changes, clock.now().toISOString()));
    },
  };
}

/** A logo must be what its data: URL says it is, and small: it is inlined into every page. */
function checkLogo(dataUrl: string): string {
  const [, type = '', base64 = ''] = /^data:image\/(png|jpeg|svg\+xml);base64,(.*)$/.exec(dataUrl) ?? [];
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > LOGO_MAX_BYTES) throw Errors.fieldInvalid('/body/logo', `must be an image of at most ${LOGO_MAX_BYTES} bytes (this one has ${bytes.length})`);
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));
  const isSvg = /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/i.test(bytes.toString('utf8'));
  const matches = type === 'png' ? isPng : type === 'jpeg' ? isJpeg : isSvg;
  if (!matches) throw Errors.fieldInvalid('/body/logo', `is not a ${type === 'svg+xml' ? 'SVG' : type.toUpperCase()} image`);
  return dataUrl;
}

export type BrandingService = ReturnType<typeof brandingService>;
