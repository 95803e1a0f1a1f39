import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { siMastercard, siShopee, siVisa } from 'simple-icons';
import { CHANNELS } from '../src/channels/catalogue.ts';
import { channelMarkSvg, markCode, markLabel } from '../src/modules/gateway/channel-marks.tsx';
import { testAppPerSuite } from './helpers/suite-app.ts';

const nameOf = (svg: string) => /<title>([^<]*)<\/title>/.exec(svg)?.[1];

describe('channel marks', () => {
  test('brands in the maintained icon set get their own mark: card networks and wallets', () => {
    assert.ok(channelMarkSvg('VISA', '#000').includes(siVisa.path));
    assert.ok(channelMarkSvg('SHOPEEPAY', '#000').includes(siShopee.path));
    assert.equal(nameOf(channelMarkSvg('MASTERCARD', '#000')), siMastercard.title);
  });

  test('every other channel shows its name written out, and no two channels of a market share a label within one family', () => {
    assert.equal(markLabel('BNC_VIRTUAL_ACCOUNT'), 'Bank Neo Commerce');
    assert.equal(markLabel('BNI_VIRTUAL_ACCOUNT'), 'BNI');
    assert.equal(nameOf(channelMarkSvg('BNC_VIRTUAL_ACCOUNT', '#333')), 'Bank Neo Commerce');
    const seen = new Map<string, string>();
    const displayName = new Map(CHANNELS.map((c) => [c.code, c.displayName]));
    for (const channel of CHANNELS) {
      const key = `${channel.country}/${channel.family}/${markLabel(channel.code)}`;
      const other = seen.get(key);
      // FPX and FPX Business of one bank, GoPay and GoPay Recurring, are one brand (the code's first word); the picker's choices name them in full.
      const brand = (code: string) => code.split('_')[0];
      if (other && brand(other) !== brand(channel.code) && displayName.get(other) !== channel.displayName) assert.fail(`${other} and ${channel.code} both show "${markLabel(channel.code)}"`);
      seen.set(key, channel.code);
      assert.ok(markLabel(channel.code).length > 2 || /^[A-Z]{3}$/.test(markLabel(channel.code)), `${channel.code}: "${markLabel(channel.code)}" is too short to recognise`);
    }
  });

  test("a brand's variants share one mark URL, so a picker shows the brand once", () => {
    assert.equal(markCode('GOPAY_RECURRING'), 'GOPAY');
    assert.equal(markCode('GOPAY'), 'GOPAY');
    assert.equal(markCode('BNI_VIRTUAL_ACCOUNT'), 'BNI_VIRTUAL_ACCOUNT');
  });

  const t = testAppPerSuite('sqlite');
  test('Lunas serves the marks itself, as SVG, cacheable and usable from any origin', async () => {
    const res = await t.request({ method: 'GET', url: '/components/logos/BNI_VIRTUAL_ACCOUNT.svg', auth: null });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/svg+xml');
    assert.equal(nameOf(res.body), 'BNI');
    assert.equal((await t.request({ method: 'GET', url: '/components/logos/..%2Fsecret.svg', auth: null })).statusCode, 404);
  });
});
