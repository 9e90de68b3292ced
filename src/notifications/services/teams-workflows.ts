// Microsoft Teams through a Workflows (Power Automate) webhook, as the notifications engine sends
// it: the template's `teams-workflows.adaptiveCard` as written, or an Adaptive Card (version 1.4)
// built from `title` (with `themeColor` as its colour), `text` (default the message), `facts`,
// the facts of `sections`, and the `OpenUri` entries of `potentialAction`; posted as a message with
// one attachment to `recipientUrls[recipient]`, which must look like a Workflows URL.
import type { Notification } from '../notify.ts';
import type { HttpRequest } from './request.ts';

const WORKFLOWS_URL =
  /(api\.(powerautomate|powerplatform)\.com|flow\.microsoft\.com|webhook\.office\.com\/workflows|\/powerautomate\/)/i;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** JSON as Go's json.Marshal writes it: <, >, &, U+2028 and U+2029 escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A fact's value as Go's %v prints a decoded JSON value. */
function goValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '<nil>';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function parsed(value: string, what: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new Error(`teams-workflows ${what} unmarshalling error ${(error as Error).message}`);
  }
}

function factsOf(list: unknown): Array<{ title: string; value: string }> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((fact) => {
    if (!fact || typeof fact !== 'object' || typeof (fact as Record<string, unknown>).name !== 'string') return [];
    const one = fact as Record<string, unknown>;
    return [{ title: one.name as string, value: 'value' in one ? goValue(one.value) : '' }];
  });
}

function validate(url: string): void {
  if (url === '') throw new Error('webhook URL cannot be empty');
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new Error(`invalid webhook URL format: ${url}`);
  }
  const host = parsedUrl.hostname;
  const local = host === 'localhost' || host.startsWith('127.');
  if (parsedUrl.protocol !== 'https:' && !local) throw new Error('webhook URL must use HTTPS scheme');
  if (parsedUrl.protocol !== 'https:' && parsedUrl.protocol !== 'http:')
    throw new Error('webhook URL must use HTTP or HTTPS scheme');
  if (!WORKFLOWS_URL.test(url))
    throw new Error(
      'webhook URL does not appear to be a valid Microsoft Teams Workflows URL (Power Automate). Expected patterns: api.powerautomate.com, api.powerplatform.com, flow.microsoft.com, or webhook.office.com/workflows',
    );
}

export function teamsWorkflowsRequest(
  options: Record<string, unknown>,
  notification: Notification,
  recipient: string,
  message: string,
): HttpRequest {
  const urls = (options.recipientUrls ?? {}) as Record<string, unknown>;
  if (!(recipient in urls)) throw new Error(`no teams-workflows webhook configured for recipient ${recipient}`);
  const url = text(urls[recipient]);
  try {
    validate(url);
  } catch (error) {
    throw new Error(`invalid webhook URL for recipient ${recipient}: ${(error as Error).message}`);
  }
  const block = notification['teams-workflows'];
  const settings = (block && typeof block === 'object' ? block : {}) as Record<string, unknown>;
  let content: unknown;
  if (text(settings.adaptiveCard).trim() !== '') {
    content = parsed(text(settings.adaptiveCard).trim(), 'adaptiveCard');
  } else {
    const title = text(settings.title);
    const body = text(settings.text) || message;
    const elements: Array<Record<string, unknown>> = [];
    if (title)
      elements.push({
        type: 'TextBlock',
        text: title,
        size: 'Large',
        weight: 'Bolder',
        ...(text(settings.themeColor) ? { color: text(settings.themeColor) } : {}),
        wrap: true,
      });
    if (body) elements.push({ type: 'TextBlock', text: body, wrap: true });
    const facts = text(settings.facts) ? factsOf(parsed(text(settings.facts), 'facts')) : [];
    if (facts.length > 0) elements.push({ type: 'FactSet', facts });
    const sections = text(settings.sections) ? parsed(text(settings.sections), 'sections') : [];
    for (const section of Array.isArray(sections) ? sections : []) {
      const sectionFacts = factsOf((section as Record<string, unknown> | null)?.facts);
      if (sectionFacts.length > 0) elements.push({ type: 'FactSet', facts: sectionFacts });
    }
    const actionsText = text(settings.potentialAction);
    const actionList = actionsText ? parsed(actionsText, 'potential action') : [];
    const actions = (Array.isArray(actionList) ? actionList : []).flatMap((action) => {
      const one = (action ?? {}) as Record<string, unknown>;
      if (one['@type'] !== 'OpenUri') return [];
      const target = Array.isArray(one.targets) ? (one.targets[0] as Record<string, unknown> | undefined) : undefined;
      const uri = text(target?.uri);
      return uri ? [{ type: 'Action.OpenUrl', ...(text(one.name) ? { title: text(one.name) } : {}), url: uri }] : [];
    });
    content = { type: 'AdaptiveCard', version: '1.4', body: elements, ...(actions.length > 0 ? { actions } : {}) };
  }
  return {
    kind: 'http',
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: goJson({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }],
    }),
    accept: 'teamsWorkflows',
  };
}
