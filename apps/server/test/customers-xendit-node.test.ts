import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Xendit } from 'xendit-node';
import { startTestApp, TEST_SECRET_KEY, type TestApp } from './helpers/app.ts';

/**
 * The official client, unmodified (xendit-node 7.0.0's Customer API), against a Lunas listening
 * on 127.0.0.1: real HTTP, the client's own request bodies, headers and response parsing.
 */
describe("xendit-node's Customer client against Lunas", () => {
  let t: TestApp;
  let Customer: InstanceType<typeof Xendit>['Customer'];
  before(async () => {
    t = await startTestApp('sqlite');
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    Customer = new Xendit({ secretKey: TEST_SECRET_KEY, xenditURL: url }).Customer;
  });
  after(() => t.close());

  test('createCustomer, getCustomer, getCustomerByReferenceID, updateCustomer', async () => {
    const created = await Customer.createCustomer({
      idempotencyKey: 'sdk-create-1',
      data: {
        referenceId: 'sdk-customer-1',
        type: 'INDIVIDUAL',
        individualDetail: { givenNames: 'Budi', surname: 'Santoso', gender: 'MALE' },
        email: 'budi@example.com',
        mobileNumber: '+628123456789',
        addresses: [{ countryCode: 'ID', line1: 'Jl. Sudirman 1', city: 'Jakarta', isPrimary: true }],
        metadata: { tier: 'gold' },
      },
    });
    assert.match(created.id, /^cust-/);
    assert.equal(created.referenceId, 'sdk-customer-1');
    assert.equal(created.individualDetail?.givenNames, 'Budi');
    assert.equal(created.addresses?.[0]?.country, 'ID');
    assert.equal(created.addresses?.[0]?.streetLine1, 'Jl. Sudirman 1');
    assert.ok(created.created instanceof Date && !Number.isNaN(created.created.getTime()));

    const fetched = await Customer.getCustomer({ id: created.id });
    assert.deepEqual(fetched, created);

    const listed = await Customer.getCustomerByReferenceID({ referenceId: 'sdk-customer-1' });
    assert.equal(listed.hasMore, false);
    assert.deepEqual(listed.data, [created]);

    t.clock.advance(1000);
    const updated = await Customer.updateCustomer({ id: created.id, data: { email: 'budi.santoso@example.com', description: 'VIP' } });
    assert.equal(updated.email, 'budi.santoso@example.com');
    assert.equal(updated.description, 'VIP');
    assert.equal(updated.referenceId, 'sdk-customer-1');
    assert.ok(updated.updated > created.updated);

    // The same idempotency key replays the first answer instead of a DUPLICATE_ERROR.
    const replay = await Customer.createCustomer({ idempotencyKey: 'sdk-create-1', data: { referenceId: 'sdk-customer-1', type: 'INDIVIDUAL', individualDetail: { givenNames: 'Budi', surname: 'Santoso', gender: 'MALE' }, email: 'budi@example.com', mobileNumber: '+628123456789', addresses: [{ countryCode: 'ID', line1: 'Jl. Sudirman 1', city: 'Jakarta', isPrimary: true }], metadata: { tier: 'gold' } } });
    assert.equal(replay.id, created.id);
  });

  test("errors reach the client as Xendit's: DUPLICATE_ERROR 409, DATA_NOT_FOUND 404", async () => {
    await Customer.createCustomer({ data: { referenceId: 'sdk-dup', type: 'INDIVIDUAL', individualDetail: { givenNames: 'A' } } });
    await assert.rejects(Customer.createCustomer({ data: { referenceId: 'sdk-dup', type: 'INDIVIDUAL', individualDetail: { givenNames: 'B' } } }), { name: 'XenditSdkError', status: 409, errorCode: 'DUPLICATE_ERROR' });
    await assert.rejects(Customer.getCustomer({ id: 'cust-00000000-0000-4000-8000-000000000000' }), { name: 'XenditSdkError', status: 404, errorCode: 'DATA_NOT_FOUND' });
  });
});
