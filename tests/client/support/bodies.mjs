// Valid, complete Atlas v2 bodies per integration type for the failure, Prism and secrets
// suites (made-up values in the formats the library validates: PagerDuty and Datadog keys
// 32 hex, New Relic keys 40 lowercase hex, Prometheus with a password).
export const GROUP = '5f0c3a9e1b2d4c6e8a0b1c2d';

/** A distinct, valid project id per number (tests keep their projects apart). */
export function groupId(n) {
  return n.toString(16).padStart(24, '0');
}

export const V2_TYPES = ['PAGER_DUTY', 'SLACK', 'DATADOG', 'NEW_RELIC', 'OPS_GENIE', 'VICTOR_OPS', 'WEBHOOK', 'MICROSOFT_TEAMS', 'PROMETHEUS'];

export function fullBodies() {
  return {
    PAGER_DUTY: { type: 'PAGER_DUTY', serviceKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', region: 'EU' },
    SLACK: { type: 'SLACK', apiToken: 'xoxb-1111-2222-slacktokenvalue', channelName: 'alerts', teamName: 'ops' },
    DATADOG: {
      type: 'DATADOG',
      apiKey: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      region: 'US5',
      sendCollectionLatencyMetrics: true,
      sendDatabaseMetrics: true,
      sendQueryStatsMetrics: false,
      sendUserProvidedResourceTags: true,
    },
    NEW_RELIC: {
      type: 'NEW_RELIC',
      accountId: '0123456789abcdef0123456789abcdef01234567',
      licenseKey: 'fedcba9876543210fedcba9876543210fedcba98',
      readToken: '193c96aee4a3ac640b98634562e2631f17ae0a69',
      writeToken: 'a67b10e5cd7f8fb6a34b501136c409f373edc218',
    },
    OPS_GENIE: { type: 'OPS_GENIE', apiKey: '3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f', region: 'EU' },
    VICTOR_OPS: { type: 'VICTOR_OPS', apiKey: '9a8b7c6d-5e4f-3a2b-1c0d-2e3f4a5b6c7d', routingKey: 'db-team' },
    WEBHOOK: {
      type: 'WEBHOOK',
      url: 'https://hooks.example.com/atlas/incoming',
      secret: 'whsec-very-secret-value',
      bodyTemplate: '{"alert":"${id}","event":"${eventType}"}',
      headersTemplate: '{"X-Alert-Id":"${id}"}',
    },
    MICROSOFT_TEAMS: { type: 'MICROSOFT_TEAMS', microsoftTeamsWebhookUrl: 'https://example.webhook.office.com/webhookb2/abc' },
    PROMETHEUS: {
      type: 'PROMETHEUS',
      username: 'prom_user_618d48e05277a606ed2496fe',
      password: 'prom-password-1',
      serviceDiscovery: 'http',
      enabled: true,
      sendUserProvidedResourceTagsEnabled: true,
    },
  };
}

export const PAGE = { links: [{ href: 'https://cloud.mongodb.com/api/atlas/v2/groups/x/integrations?pageNum=1&itemsPerPage=100', rel: 'self' }], results: [{ id: '65a1b2c3d4e5f60718293a4b', type: 'SLACK', apiToken: '******abcd', channelName: 'alerts', teamName: 'ops' }], totalCount: 1 };
