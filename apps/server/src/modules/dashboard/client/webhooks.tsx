import { useEffect, useState } from 'preact/hooks';
import { call } from './api.ts';
import { ActionButton, useNotice, when } from './ui.tsx';

/** A secret shown only on request, so a screen share does not leak it. */
function Secret({ value, testid, label }: { value: string; testid: string; label: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span>
      <code data-testid={testid}>{shown ? value : `${value.slice(0, 10)}…`}</code>{' '}
      <button type="button" class="secondary" aria-label={`${shown ? 'Hide' : 'Show'} ${label}`} onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
    </span>
  );
}

/** Webhook endpoints (add, remove, rotate the signing secret, send a test event) and the callback token. */
export function WebhooksPage() {
  const [endpoints, setEndpoints] = useState<any[]>();
  const [token, setToken] = useState<string>();
  const [url, setUrl] = useState('');
  const [newToken, setNewToken] = useState('');
  const [tick, setTick] = useState(0);
  const [notice, report] = useNotice();
  const reload = () => setTick((n) => n + 1);

  useEffect(() => {
    call('GET', '/webhooks/endpoints').then((r) => setEndpoints(r.data), (e) => report(e.message, true));
    call('GET', '/webhooks/settings').then((r) => setToken(r.callback_token), (e) => report(e.message, true));
  }, [tick]);

  return (
    <>
      <h1>Webhooks</h1>
      {notice}
      <h2>Endpoints</h2>
      <table data-testid="endpoints-table">
        <caption class="visually-hidden">Webhook endpoints</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">Signing secret</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {endpoints?.map((e) => (
            <tr key={e.id} data-testid="endpoint-row" data-endpoint-id={e.id}>
              <td data-label="URL">
                {e.url}
                <div class="note">
                  {e.id} · since {when(e.created)}
                  {e.seeded && ' · from LUNAS_WEBHOOK_URL'}
                </div>
              </td>
              <td data-label="Events">{e.event_groups.join(', ')}</td>
              <td data-label="Signing secret">
                <Secret value={e.signing_secret} testid="signing-secret" label={`signing secret of ${e.url}`} />
              </td>
              <td data-label="Actions">
                <div class="actions">
                  <ActionButton
                    label="Send test event"
                    testid="send-test-event"
                    kind="secondary"
                    report={report}
                    run={async () => `Test event ${(await call('POST', `/dashboard/api/webhooks/endpoints/${e.id}/test`)).event_id} sent; see Deliveries.`}
                  />
                  <ActionButton
                    label="Retry all failed"
                    testid="retry-failed"
                    kind="secondary"
                    report={report}
                    run={async () => {
                      const { resent } = await call('POST', `/webhooks/endpoints/${e.id}/resend_failed`, { since: e.created });
                      return resent === 0 ? 'No failed deliveries to retry.' : `${resent} failed ${resent === 1 ? 'delivery' : 'deliveries'} queued again; see Deliveries.`;
                    }}
                  />
                  <ActionButton
                    label="Rotate secret"
                    testid="rotate-secret"
                    kind="secondary"
                    report={report}
                    run={async () => {
                      await call('POST', `/webhooks/endpoints/${e.id}/rotate_secret`);
                      reload();
                      return 'Signing secret rotated: update your receiver.';
                    }}
                  />
                  <ActionButton
                    label="Remove"
                    testid="remove-endpoint"
                    kind="danger"
                    report={report}
                    run={async () => {
                      if (!confirm(`Remove the endpoint ${e.url}?`)) return;
                      await call('DELETE', `/webhooks/endpoints/${e.id}`);
                      reload();
                      return 'Endpoint removed.';
                    }}
                  />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {endpoints?.length === 0 && <p class="note">No endpoint yet: events are recorded but not sent.</p>}
      <form
        class="filters"
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            await call('POST', '/webhooks/endpoints', { url: url.trim() });
            setUrl('');
            reload();
            report('Endpoint added.');
          } catch (error) {
            report((error as Error).message, true);
          }
        }}
      >
        <label>
          New endpoint URL
          <input type="url" required value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} placeholder="https://example.com/webhooks" data-testid="endpoint-url" size={40} />
        </label>
        <button type="submit" data-testid="add-endpoint">
          Add endpoint
        </button>
      </form>
      <h2>Callback token</h2>
      <p class="note">Lunas sends it in the x-callback-token header of every webhook, as Xendit does.</p>
      <p>{token && <Secret value={token} testid="callback-token" label="callback token" />}</p>
      <form
        class="filters"
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            await call('PATCH', '/webhooks/settings', { callback_token: newToken });
            setNewToken('');
            reload();
            report('Callback token changed.');
          } catch (error) {
            report((error as Error).message, true);
          }
        }}
      >
        <label>
          New callback token (16 characters or more)
          <input type="password" autocomplete="off" minLength={16} maxLength={200} required value={newToken} onInput={(e) => setNewToken((e.target as HTMLInputElement).value)} data-testid="callback-token-input" />
        </label>
        <button type="submit">Set token</button>
      </form>
    </>
  );
}
