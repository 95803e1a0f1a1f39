import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHANNELS, channelsFor, findChannel, isKnownChannelCode, type Channel } from '../src/channels/catalogue.ts';

function get(code: string, country: string, currency: string): Channel {
  const channel = findChannel(code, country, currency);
  assert.ok(channel, `${country}/${currency} ${code} exists`);
  return channel;
}
const codes = (country: string, currency: string): string[] => channelsFor(country, currency).map((c) => c.code);

describe('channel catalogue: which channels exist', () => {
  test('each country offers exactly the §12 headings plus the Lunas SG and PH-USD cards', () => {
    const counts: Record<string, number> = { 'ID/IDR': 30, 'PH/PHP': 43, 'VN/VND': 12, 'TH/THB': 16, 'MY/MYR': 46, 'SG/SGD': 1, 'PH/USD': 1 };
    for (const [market, count] of Object.entries(counts)) {
      const [country = '', currency = ''] = market.split('/');
      assert.equal(channelsFor(country, currency).length, count, market);
    }
    // 149 and QRPROMPTPAY, the PromptPay example's spelling, which no session lists.
    assert.equal(CHANNELS.length, 150);
    assert.deepEqual(codes('SG', 'SGD'), ['CARDS']);
    assert.deepEqual(codes('PH', 'USD'), ['CARDS']);
  });

  test('markets that are not a natural pair offer nothing', () => {
    assert.deepEqual(channelsFor('ID', 'USD'), []);
    assert.deepEqual(channelsFor('VN', 'IDR'), []);
    assert.deepEqual(channelsFor('id', 'idr'), []);
    assert.deepEqual(channelsFor('SG', 'USD'), []);
  });

  test('family mix per country matches the §12 tables', () => {
    const mix = (country: string, currency: string) => {
      const out: Record<string, number> = {};
      for (const c of channelsFor(country, currency)) out[c.family] = (out[c.family] ?? 0) + 1;
      return out;
    };
    assert.deepEqual(mix('ID', 'IDR'), { CARDS: 1, EWALLET: 9, DIRECT_DEBIT: 1, VIRTUAL_ACCOUNT: 12, QR: 1, OTC: 2, PAYLATER: 4 });
    assert.deepEqual(mix('PH', 'PHP'), { CARDS: 1, EWALLET: 4, DIRECT_DEBIT: 6, VIRTUAL_ACCOUNT: 1, QR: 1, OTC: 14, ONLINE_BANKING: 15, PAYLATER: 1 });
    assert.deepEqual(mix('VN', 'VND'), { CARDS: 1, EWALLET: 5, VIRTUAL_ACCOUNT: 6 });
    assert.deepEqual(mix('TH', 'THB'), { CARDS: 1, EWALLET: 4, DIRECT_DEBIT: 4, ONLINE_BANKING: 5, QR: 1, VIRTUAL_ACCOUNT: 1 });
    assert.deepEqual(mix('MY', 'MYR'), { CARDS: 1, EWALLET: 4, ONLINE_BANKING: 40, VIRTUAL_ACCOUNT: 1 });
  });

  test('isKnownChannelCode knows codes from any country, exactly as spelled', () => {
    for (const code of ['CARDS', 'GCASH', 'UBP_EADA', '7ELEVEN', 'MAYB2U_FPX', 'STANDARD_CHARTERED_VIRTUAL_ACCOUNT', 'ZALOPAY']) {
      assert.equal(isKnownChannelCode(code), true, code);
    }
    // VIETTELPAY is named in §10a.2 but not in the §12 VN table.
    for (const code of ['cards', 'Gcash', 'VIETTELPAY', 'MAYB2U_FPX_BUSINESS', '', 'toString', '__proto__']) {
      assert.equal(isKnownChannelCode(code), false, code);
    }
  });

  test('findChannel is specific to country and currency', () => {
    assert.equal(findChannel('GCASH', 'ID', 'IDR'), undefined);
    assert.equal(findChannel('CARDS', 'ID', 'USD'), undefined);
    assert.equal(findChannel('CARDS', 'VN', 'IDR'), undefined);
    assert.equal(findChannel('cards', 'ID', 'IDR'), undefined);
    // The PromptPay example's spelling works in the API, with PROMPTPAY's terms, but no session lists it twice.
    assert.equal(findChannel('QRPROMPTPAY', 'TH', 'THB')?.presents, 'QR_STRING');
    assert.equal(findChannel('QRPROMPTPAY', 'TH', 'THB')?.maxMinor, findChannel('PROMPTPAY', 'TH', 'THB')?.maxMinor);
    assert.equal(channelsFor('TH', 'THB').some((c) => c.code === 'QRPROMPTPAY'), false);
    assert.equal(get('SHOPEEPAY', 'ID', 'IDR').savable, true);
    assert.equal(get('SHOPEEPAY', 'VN', 'VND').savable, false);
    assert.equal(get('SHOPEEPAY', 'TH', 'THB').refundable, false, "TH ShopeePay refunds are 'soon'");
    assert.equal(get('CARDS', 'VN', 'VND').maxMinor, 100_000);
    assert.equal(get('CARDS', 'PH', 'USD').currency, 'USD');
    assert.equal(get('CARDS', 'PH', 'PHP').currency, 'PHP');
  });
});

describe('channel catalogue: limits in minor units', () => {
  const cases: Array<[string, string, string, number, number | null]> = [
    ['CARDS', 'ID', 'IDR', 5_000, 200_000_000],
    ['CARDS', 'PH', 'PHP', 2_000, 70_000_000],
    ['CARDS', 'VN', 'VND', 1_000, 100_000],
    ['CARDS', 'TH', 'THB', 100, 70_000_000],
    ['CARDS', 'MY', 'MYR', 100, 500_000],
    ['CARDS', 'SG', 'SGD', 100, 20_000_000],
    ['CARDS', 'PH', 'USD', 100, 1_500_000],
    ['PESONET_ONLINE_BANKING', 'PH', 'PHP', 5_000_001, 2_000_000_000],
    ['RCBC_ONLINE_BANKING', 'PH', 'PHP', 50_000, 100_000_000],
    ['AMBANK_VIRTUAL_ACCOUNT', 'MY', 'MYR', 100, null],
    ['BNC_VIRTUAL_ACCOUNT', 'ID', 'IDR', 1, 50_000_000_000],
    ['PERMATA_VIRTUAL_ACCOUNT', 'ID', 'IDR', 1, 9_999_999_999],
    ['ATOME', 'ID', 'IDR', 50_000, 6_000_000],
    ['INDOMARET', 'ID', 'IDR', 10_000, 2_500_000],
    ['BIDV_VIRTUAL_ACCOUNT', 'VN', 'VND', 10_000, 499_999_999],
    ['STANDARD_CHARTERED_VIRTUAL_ACCOUNT', 'TH', 'THB', 2_000, 70_000_000],
    ['SHOPEEPAY', 'MY', 'MYR', 100, 499_900],
    ['GRABPAY', 'MY', 'MYR', 100, 150_000],
    ['BANK_TRANSFER', 'PH', 'PHP', 100, 20_000_000_000],
  ];
  for (const [code, country, currency, min, max] of cases) {
    test(`${country}/${currency} ${code}: ${min}..${max}`, () => {
      const channel = get(code, country, currency);
      assert.equal(channel.minMinor, min);
      assert.equal(channel.maxMinor, max);
    });
  }

  test('every limit is a whole number of minor units, at least 1, max ≥ min', () => {
    for (const c of CHANNELS) {
      assert.ok(Number.isSafeInteger(c.minMinor) && c.minMinor >= 1, `${c.country} ${c.code} min`);
      if (c.maxMinor !== null) assert.ok(Number.isSafeInteger(c.maxMinor) && c.maxMinor >= c.minMinor, `${c.country} ${c.code} max`);
    }
    assert.deepEqual(CHANNELS.filter((c) => c.maxMinor === null).map((c) => c.code), ['AMBANK_VIRTUAL_ACCOUNT']);
  });
});

describe('channel catalogue: how each channel is paid', () => {
  const cases: Array<[string, string, string, Channel['family'], Channel['interaction'], Channel['presents']]> = [
    ['CARDS', 'MY', 'MYR', 'CARDS', 'CARD', undefined],
    ['BCA_VIRTUAL_ACCOUNT', 'ID', 'IDR', 'VIRTUAL_ACCOUNT', 'PRESENT', 'VIRTUAL_ACCOUNT_NUMBER'],
    ['BANK_TRANSFER', 'PH', 'PHP', 'VIRTUAL_ACCOUNT', 'PRESENT', 'VIRTUAL_ACCOUNT_NUMBER'],
    ['QRIS', 'ID', 'IDR', 'QR', 'PRESENT', 'QR_STRING'],
    ['PROMPTPAY', 'TH', 'THB', 'QR', 'PRESENT', 'QR_STRING'],
    ['ALFAMART', 'ID', 'IDR', 'OTC', 'PRESENT', 'PAYMENT_CODE'],
    ['7ELEVEN', 'PH', 'PHP', 'OTC', 'PRESENT', 'PAYMENT_CODE'],
    ['ROBINSONS_BILLS_PAYMENT', 'PH', 'PHP', 'OTC', 'PRESENT', 'PAYMENT_CODE'],
    ['BPI_RECURRING', 'PH', 'PHP', 'DIRECT_DEBIT', 'REDIRECT', undefined],
    ['UBP_EADA', 'PH', 'PHP', 'DIRECT_DEBIT', 'REDIRECT', undefined],
    ['BRI_DIRECT_DEBIT', 'ID', 'IDR', 'DIRECT_DEBIT', 'REDIRECT', undefined],
    ['ROBINSONS_BANK_ONLINE_BANKING', 'PH', 'PHP', 'ONLINE_BANKING', 'REDIRECT', undefined],
    ['KTB_MOBILE_BANKING', 'TH', 'THB', 'ONLINE_BANKING', 'REDIRECT', undefined],
    ['RHB_FPX_BUSINESS', 'MY', 'MYR', 'ONLINE_BANKING', 'REDIRECT', undefined],
    ['BILLEASE', 'PH', 'PHP', 'PAYLATER', 'REDIRECT', undefined],
    ['KREDIVO', 'ID', 'IDR', 'PAYLATER', 'REDIRECT', undefined],
    ['OVO', 'ID', 'IDR', 'EWALLET', 'PUSH', undefined],
    ['JENIUSPAY', 'ID', 'IDR', 'EWALLET', 'PUSH', undefined],
    ['DANA', 'ID', 'IDR', 'EWALLET', 'REDIRECT', undefined],
    ['GOPAY_RECURRING', 'ID', 'IDR', 'EWALLET', 'REDIRECT', undefined],
    ['TOUCHNGO', 'MY', 'MYR', 'EWALLET', 'REDIRECT', undefined],
    ['VNPTWALLET', 'VN', 'VND', 'EWALLET', 'REDIRECT', undefined],
  ];
  for (const [code, country, currency, family, interaction, presents] of cases) {
    test(`${country} ${code} is ${family} / ${interaction}`, () => {
      const channel = get(code, country, currency);
      assert.equal(channel.family, family);
      assert.equal(channel.interaction, interaction);
      assert.equal(channel.presents, presents);
    });
  }

  test('only OVO and JENIUSPAY are push; exactly the PRESENT channels say what they present', () => {
    assert.deepEqual(CHANNELS.filter((c) => c.interaction === 'PUSH').map((c) => c.code).sort(), ['JENIUSPAY', 'OVO']);
    for (const c of CHANNELS) assert.equal(c.presents !== undefined, c.interaction === 'PRESENT', `${c.country} ${c.code}`);
  });

  test('deeplinks exist exactly for the §10a mobile-app channels', () => {
    const deeplinked = CHANNELS.filter((c) => c.deeplink).map((c) => `${c.country}:${c.code}`).sort();
    assert.deepEqual(deeplinked, [
      'ID:DANA', 'ID:GOPAY_RECURRING', 'ID:SHOPEEPAY', 'MY:SHOPEEPAY', 'MY:TOUCHNGO', 'MY:WECHATPAY', 'PH:GCASH', 'PH:SHOPEEPAY',
      'TH:BBL_MOBILE_BANKING', 'TH:KRUNGSRI_DIRECT_DEBIT', 'TH:KRUNGSRI_MOBILE_BANKING', 'TH:KTB_MOBILE_BANKING', 'TH:WECHATPAY',
    ]);
  });
});

describe('channel catalogue: features', () => {
  test('only cards support manual capture, and every card channel does', () => {
    for (const c of CHANNELS) assert.equal(c.authCapture, c.family === 'CARDS', `${c.country}/${c.currency} ${c.code}`);
    assert.equal(CHANNELS.filter((c) => c.family === 'CARDS').length, 7);
  });

  test('refund and partial refund follow the Y/Y, Y/-, soon/soon columns', () => {
    const refunds = (code: string, country: string, currency: string) => {
      const c = get(code, country, currency);
      return [c.refundable, c.partialRefund];
    };
    assert.deepEqual(refunds('AKULAKU', 'ID', 'IDR'), [true, true]);
    assert.deepEqual(refunds('LINKAJA', 'ID', 'IDR'), [true, false]);
    assert.deepEqual(refunds('QRIS', 'ID', 'IDR'), [true, false]);
    assert.deepEqual(refunds('BCA_VIRTUAL_ACCOUNT', 'ID', 'IDR'), [false, false]);
    assert.deepEqual(refunds('LINEPAY', 'TH', 'THB'), [false, false]);
    assert.deepEqual(refunds('WECHATPAY', 'MY', 'MYR'), [true, false]);
    assert.deepEqual(refunds('WECHATPAY', 'TH', 'THB'), [false, false]);
    assert.equal(CHANNELS.filter((c) => c.partialRefund && !c.refundable).length, 0);
  });

  test('save, skip approval, reusable codes and MIT per row', () => {
    const nexcash = get('NEXCASH', 'ID', 'IDR');
    assert.deepEqual([nexcash.savable, nexcash.skipApprovalWithToken, nexcash.mit], [true, false, false]);
    const gopay = get('GOPAY', 'ID', 'IDR');
    assert.deepEqual([gopay.savable, gopay.skipApprovalWithToken, gopay.mit], [true, false, true]);
    assert.equal(get('GOPAY_RECURRING', 'ID', 'IDR').skipApprovalWithToken, true);
    const bbl = get('BBL_DIRECT_DEBIT', 'TH', 'THB');
    assert.deepEqual([bbl.savable, bbl.skipApprovalWithToken, bbl.mit, bbl.refundable], [true, true, true, false]);
    assert.equal(get('BPI_DIRECT_DEBIT', 'PH', 'PHP').skipApprovalWithToken, false);
    assert.equal(get('7ELEVEN', 'PH', 'PHP').reusableCode, false);
    assert.equal(get('7ELEVEN_CLIQQ', 'PH', 'PHP').reusableCode, true);
    assert.equal(get('QRPH', 'PH', 'PHP').reusableCode, false);
    assert.equal(get('PROMPTPAY', 'TH', 'THB').reusableCode, false);
    assert.equal(get('QRIS', 'ID', 'IDR').reusableCode, true);
    assert.deepEqual(channelsFor('ID', 'IDR').filter((c) => c.skipApprovalWithToken).map((c) => c.code),
      ['BRI_DIRECT_DEBIT', 'CARDS', 'DANA', 'GOPAY_RECURRING', 'OVO', 'SHOPEEPAY']);
    for (const c of CHANNELS) {
      if (c.skipApprovalWithToken) assert.ok(c.savable, `${c.code} skips approval with a token it can save`);
      if (c.reusableCode) assert.equal(c.interaction, 'PRESENT', `${c.code} reusable codes are presented`);
    }
  });

  test('default expiry: published values, and Lunas defaults where none is published', () => {
    const expiry = (code: string, country: string, currency: string) => get(code, country, currency).defaultExpiryMinutes;
    assert.equal(expiry('CARDS', 'TH', 'THB'), 10);
    assert.equal(expiry('OVO', 'ID', 'IDR'), 1);
    assert.equal(expiry('QRIS', 'ID', 'IDR'), 48 * 60);
    assert.equal(expiry('DANA', 'ID', 'IDR'), 24 * 60);
    assert.equal(expiry('SHOPEEPAY', 'ID', 'IDR'), 30);
    assert.equal(expiry('SHOPEEPAY', 'PH', 'PHP'), 15);
    assert.equal(expiry('SHOPEEPAY', 'MY', 'MYR'), 20);
    assert.equal(expiry('SHOPEEPAY', 'VN', 'VND'), 25);
    assert.equal(expiry('GRABPAY', 'MY', 'MYR'), 35);
    assert.equal(expiry('WECHATPAY', 'MY', 'MYR'), 5);
    assert.equal(expiry('TOUCHNGO', 'MY', 'MYR'), 60);
    assert.equal(expiry('KTB_DIRECT_DEBIT', 'TH', 'THB'), 15);
    assert.equal(expiry('KBANK_MOBILE_BANKING', 'TH', 'THB'), 15);
    assert.equal(expiry('ATOME', 'ID', 'IDR'), 24 * 60);
    assert.equal(expiry('BCA_VIRTUAL_ACCOUNT', 'ID', 'IDR'), 24 * 60);
    assert.equal(expiry('BIDV_VIRTUAL_ACCOUNT', 'VN', 'VND'), 48 * 60);
    assert.equal(expiry('7ELEVEN', 'PH', 'PHP'), 24 * 60);
    assert.equal(expiry('BDO_ONLINE_BANKING', 'PH', 'PHP'), 30);
    for (const c of CHANNELS) assert.ok(Number.isInteger(c.defaultExpiryMinutes) && c.defaultExpiryMinutes > 0, c.code);
  });
});

describe('channel catalogue: checkout forms', () => {
  const fieldNames = (c: Channel) => c.form.map((f) => f.name);
  const field = (c: Channel, name: string) => {
    const found = c.form.find((f) => f.name === name);
    assert.ok(found, `${c.code} asks for ${name}`);
    return found;
  };
  const accepts = (pattern: string | undefined, value: string) => new RegExp(pattern ?? '').test(value);

  test('every channel has a name and well-formed form fields; no return URLs', () => {
    for (const c of CHANNELS) {
      assert.ok(c.displayName.trim().length > 0, `${c.code} displayName`);
      const names = fieldNames(c);
      assert.equal(new Set(names).size, names.length, `${c.code} field names are unique`);
      for (const f of c.form) {
        assert.ok(f.name.length > 0 && f.label.length > 0, `${c.code} field has name and label`);
        assert.doesNotMatch(f.name, /return_url/);
        if (f.pattern !== undefined) assert.doesNotThrow(() => new RegExp(f.pattern!));
      }
    }
  });

  test('OVO asks for an E.164 mobile number', () => {
    const mobile = field(get('OVO', 'ID', 'IDR'), 'account_mobile_number');
    assert.equal(mobile.required, true);
    assert.equal(mobile.type, 'phone');
    assert.ok(accepts(mobile.pattern, '+6281234567890'));
    assert.ok(!accepts(mobile.pattern, '081234567890'));
  });

  test('cards ask for number, expiry and CVN', () => {
    for (const cards of CHANNELS.filter((c) => c.family === 'CARDS')) {
      const number = field(cards, 'card_details.card_number');
      const month = field(cards, 'card_details.expiry_month');
      const year = field(cards, 'card_details.expiry_year');
      const cvn = field(cards, 'card_details.cvn');
      for (const f of [number, month, year, cvn]) assert.equal(f.required, true, f.name);
      assert.ok(accepts(number.pattern, '4000000000001091') && accepts(number.pattern, '378282246310005'));
      assert.ok(!accepts(number.pattern, '4000 0000 0000 1091'));
      assert.ok(accepts(month.pattern, '09') && !accepts(month.pattern, '13') && !accepts(month.pattern, '9'));
      assert.ok(accepts(year.pattern, '2031') && !accepts(year.pattern, '31'));
      assert.ok(accepts(cvn.pattern, '123') && accepts(cvn.pattern, '1234') && !accepts(cvn.pattern, '12'));
    }
  });

  test('channel-specific fields from §10a', () => {
    assert.equal(field(get('JENIUSPAY', 'ID', 'IDR'), 'cashtag').required, true);
    assert.deepEqual(fieldNames(get('BRI_DIRECT_DEBIT', 'ID', 'IDR')).sort(), ['account_email', 'account_mobile_number', 'card_expiry', 'card_last_four']);
    const bri = get('BRI_DIRECT_DEBIT', 'ID', 'IDR');
    assert.ok(accepts(field(bri, 'card_expiry').pattern, '09/31') && !accepts(field(bri, 'card_expiry').pattern, '2031-09'));
    assert.ok(accepts(field(bri, 'card_last_four').pattern, '1091') && !accepts(field(bri, 'card_last_four').pattern, '109'));
    assert.deepEqual(fieldNames(get('SCB_DIRECT_DEBIT', 'TH', 'THB')), ['account_mobile_number']);
    assert.deepEqual(fieldNames(get('KTB_DIRECT_DEBIT', 'TH', 'THB')).sort(), ['account_identity_number', 'account_mobile_number']);
    assert.deepEqual(fieldNames(get('KRUNGSRI_DIRECT_DEBIT', 'TH', 'THB')).sort(), ['account_identity_number', 'account_mobile_number']);
    assert.equal(field(get('INDOMARET', 'ID', 'IDR'), 'payer_name').required, true);
    assert.equal(field(get('ALFAMART', 'ID', 'IDR'), 'payer_name').required, true);
    for (const [code, country, currency] of [['BCA_VIRTUAL_ACCOUNT', 'ID', 'IDR'], ['BANK_TRANSFER', 'PH', 'PHP'], ['WOORI_VIRTUAL_ACCOUNT', 'VN', 'VND']] as const) {
      assert.equal(field(get(code, country, currency), 'display_name').required, false, code);
    }
    for (const [code, country, currency] of [['GCASH', 'PH', 'PHP'], ['7ELEVEN', 'PH', 'PHP'], ['RHB_FPX', 'MY', 'MYR'], ['QRIS', 'ID', 'IDR'], ['KBANK_MOBILE_BANKING', 'TH', 'THB'], ['KREDIVO', 'ID', 'IDR']] as const) {
      assert.deepEqual(get(code, country, currency).form, [], code);
    }
  });
});

describe('channel catalogue: shared data stays intact', () => {
  test('callers cannot change the catalogue through what it returns', () => {
    const list = channelsFor('ID', 'IDR');
    list.length = 0;
    assert.equal(channelsFor('ID', 'IDR').length, 30);
    const ovo = get('OVO', 'ID', 'IDR');
    assert.throws(() => {
      (ovo as { minMinor: number }).minMinor = 0;
    }, TypeError);
    assert.throws(() => ovo.form.push({ name: 'x', type: 'text', required: false, label: 'x' }), TypeError);
    assert.throws(() => {
      ovo.form[0]!.required = false;
    }, TypeError);
    assert.equal(get('OVO', 'ID', 'IDR').form[0]?.required, true);
  });
});
