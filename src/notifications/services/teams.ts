// Microsoft Teams' incoming webhook (a MessageCard).
import type { Notification } from '../notify.ts';
import type { Destination } from '../subscriptions.ts';
import type { HttpRequest } from './request.ts';
import { text, section } from './fields.ts';

export function teamsRequest(
  options: Record<string, unknown>,
  notification: Notification,
  destination: Destination,
  message: string,
): HttpRequest {
  const urls = (options.recipientUrls ?? {}) as Record<string, string>;
  const url = urls[destination.recipient];
  if (!url) throw new Error(`no teams webhook configured for recipient ${destination.recipient}`);
  const teams = section(notification, 'teams');
  const card: Record<string, unknown> = {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    text: message,
  };
  if (text(teams.title)) card.title = text(teams.title);
  if (text(teams.summary)) card.summary = text(teams.summary);
  if (text(teams.text)) card.text = text(teams.text);
  if (text(teams.themeColor)) card.themeColor = text(teams.themeColor);
  const json = (field: string): unknown => {
    try {
      return JSON.parse(text(teams[field]));
    } catch (error) {
      throw new Error(`teams ${field} unmarshalling error ${(error as Error).message}`);
    }
  };
  if (text(teams.sections)) card.sections = json('sections');
  if (text(teams.facts)) card.sections = [...((card.sections as unknown[]) ?? []), { facts: json('facts') }];
  if (text(teams.potentialAction)) card.potentialAction = json('potentialAction');
  if (text(teams.template)) {
    return {
      kind: 'http',
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json' },
      body: text(teams.template),
      accept: 'teamsOne',
    };
  }
  return {
    kind: 'http',
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(card),
    accept: 'teamsOne',
  };
}
