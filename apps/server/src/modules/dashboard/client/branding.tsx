import { useEffect, useState } from 'preact/hooks';
import { MerchantHeader } from '../../checkout/page-shell.tsx';
import { accentOnWhite, DEFAULT_BRAND_COLOR, normalizeColor, onBrand } from '../../checkout/theme.ts';
import { call, config } from './api.ts';
import { useNotice } from './ui.tsx';

interface Look {
  display_name: string;
  brand_color: string;
  logo: string | null;
}

/**
 * The hosted checkout's branding (GET/PATCH /checkout/branding): name, colour and logo, with a
 * preview drawn by the checkout's own header component and its own stylesheet rules (styles.ts
 * scopes them under .checkout-preview) in the colours its theme sheet would give, as you type.
 */
export function BrandingPage() {
  const [look, setLook] = useState<Look>();
  const [notice, report] = useNotice();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    call('GET', '/checkout/branding').then(
      (b) => setLook({ display_name: b.display_name ?? '', brand_color: b.brand_color ?? DEFAULT_BRAND_COLOR, logo: b.logo }),
      (e) => report(e.message, true),
    );
  }, []);
  if (!look) return <p class="note">Loading…</p>;
  const color = normalizeColor(look.brand_color);
  const colorValid = /^#[0-9a-fA-F]{6}$/.test(look.brand_color);
  const set = (changes: Partial<Look>) => setLook({ ...look, ...changes });

  return (
    <>
      <h1>Checkout branding</h1>
      <p class="note">How the hosted checkout (every payment_link_url) shows your business.</p>
      <div class="branding">
        <form
          class="card stack"
          onSubmit={async (event) => {
            event.preventDefault();
            setSaving(true);
            try {
              await call('PATCH', '/checkout/branding', { display_name: look.display_name.trim() || null, brand_color: look.brand_color.toLowerCase(), logo: look.logo });
              report('Branding saved: the hosted checkout uses it now.');
            } catch (error) {
              report((error as Error).message, true);
            } finally {
              setSaving(false);
            }
          }}
        >
          <label>
            Display name (empty: the business's name)
            <input value={look.display_name} maxLength={100} onInput={(e) => set({ display_name: (e.target as HTMLInputElement).value })} data-testid="branding-name" />
          </label>
          <label>
            Brand colour (#RRGGBB)
            <span class="actions">
              <input type="color" aria-label="Pick the brand colour" value={color} onInput={(e) => set({ brand_color: (e.target as HTMLInputElement).value })} data-testid="branding-color-picker" />
              <input aria-label="Brand colour as #RRGGBB" value={look.brand_color} pattern="#[0-9A-Fa-f]{6}" required size={9} onInput={(e) => set({ brand_color: (e.target as HTMLInputElement).value.trim() })} data-testid="branding-color" aria-invalid={!colorValid} />
            </span>
          </label>
          <label>
            Logo (PNG, JPEG or SVG, at most 64 KB)
            <input
              type="file"
              accept="image/png,image/jpeg,image/svg+xml"
              data-testid="branding-logo"
              onChange={(e) => {
                const file = (e.target as HTMLInputElement).files?.[0];
                if (!file) return;
                const reader = new FileReader();
                reader.onload = () => set({ logo: String(reader.result) });
                reader.readAsDataURL(file);
              }}
            />
          </label>
          {look.logo && (
            <button type="button" class="secondary" onClick={() => set({ logo: null })} data-testid="branding-remove-logo">
              Remove logo
            </button>
          )}
          <button type="submit" disabled={saving || !colorValid} data-testid="branding-save">
            Save branding
          </button>
          {notice}
        </form>
        <section class="checkout-preview" aria-label="Preview of the hosted checkout" data-testid="branding-preview" style={{ '--brand': color, '--on-brand': onBrand(color), '--accent': accentOnWhite(color) }}>
          <MerchantHeader merchant={{ name: look.display_name.trim() || config.acting.name, logo: look.logo ?? undefined }} />
          <div class="preview-body">
            <a href="#main" onClick={(e) => e.preventDefault()}>
              A link on the page
            </a>
            <button type="button" class="pay" tabIndex={-1} data-testid="branding-preview-pay">
              Pay IDR 100,000
            </button>
          </div>
        </section>
      </div>
    </>
  );
}
