// One valid, complete body per Atlas v2 integration type (real-looking, made-up secrets),
// shared by the client suites.
export const GROUP = '5f0c3a9e1b2d4c6e8a0b1c2d';

export function groupId(n) {
  return n.toString(16).padStart(24, '0');
}

export const BODIES = {
  PAGER_DUTY: { type: 'PAGER_DUTY', serviceKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', region: 'EU' },
  SLACK: { type: 'SLACK', apiToken: 'xoxb-1111-2222-slacktokenvalue', channelName: 'alerts', teamName: 'ops' },
  DATADOG: { type: 'DATADOG', apiKey: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', region: 'US5', sendDatabaseMetrics: true },
  NEW_RELIC: {
    type: 'NEW_RELIC',
    accountId: 'bcc3c81b344a6030a3935c2527e2216535af7718',
    licenseKey: 'bc3768f44193c282b2688ab39e00f8e4fc8d75ea',
    readToken: '193c96aee4a3ac640b98634562e2631f17ae0a69',
    writeToken: 'a67b10e5cd7f8fb6a34b501136c409f373edc218',
  },
  OPS_GENIE: { type: 'OPS_GENIE', apiKey: '3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f', region: 'EU' },
  VICTOR_OPS: { type: 'VICTOR_OPS', apiKey: '9a8b7c6d-5e4f-3a2b-1c0d-victoropskey', routingKey: 'db-team' },
  WEBHOOK: { type: 'WEBHOOK', url: 'https://hooks.example.com/atlas/incoming', secret: 'whsec-very-secret-value' },
  MICROSOFT_TEAMS: { type: 'MICROSOFT_TEAMS', microsoftTeamsWebhookUrl: 'https://example.webhook.office.com/webhookb2/abc' },
  PROMETHEUS: { type: 'PROMETHEUS', username: 'prom_user_618d48e05277a606ed2496fe', password: 'prom-password-1', serviceDiscovery: 'http', enabled: true },
};
