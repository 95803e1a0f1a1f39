import assert from 'node:assert/strict';
import { FOUNDING_PAYLOAD, type TestApp } from './app.ts';

/** A card that expires well after every test clock. */
export const card = (number: string, cvn = '123') => ({ card_details: { card_number: number, expiry_month: '12', expiry_year: '2030', cvn, cardholder_first_name: 'John', cardholder_last_name: 'Doe' } });

export async function createSession(t: TestApp, changes: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), ...changes });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

/** Pays a session from the server side, as the gateway will for the browser. */
export async function attempt(t: TestApp, sessionId: string, body: Record<string, unknown>, expectStatus = 201): Promise<Record<string, any>> {
  const res = await t.post(`/sessions/${sessionId}/payment_requests`, body);
  assert.equal(res.statusCode, expectStatus, res.body);
  return res.json();
}

export const webUrl = (object: Record<string, any>): string => {
  const action = (object.actions as { descriptor: string; value: string }[]).find((a) => a.descriptor === 'WEB_URL');
  assert.ok(action, `no WEB_URL action in ${JSON.stringify(object.actions)}`);
  return action.value;
};

/** Submits a decision on a simulator page, as the customer's browser would. */
export async function decide(t: TestApp, url: string, form: Record<string, string>) {
  const path = new URL(url).pathname;
  return t.request({ method: 'POST', url: path, auth: null, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
}

export async function eventsOfType(t: TestApp, type: string): Promise<{ subject_id: string; data: Record<string, any> }[]> {
  const rows = await t.store.db.selectFrom('events').selectAll().where('type', '=', type).orderBy('seq').execute();
  return rows.map((row) => ({ subject_id: row.subject_id, data: JSON.parse(row.payload) }));
}

export async function eventTypesFor(t: TestApp, ...subjects: string[]): Promise<string[]> {
  const rows = await t.store.db.selectFrom('events').select(['type']).where('subject_id', 'in', subjects).orderBy('seq').execute();
  return rows.map((row) => row.type);
}

export async function getSession(t: TestApp, id: string): Promise<Record<string, any>> {
  return (await t.get(`/sessions/${id}`)).json();
}
