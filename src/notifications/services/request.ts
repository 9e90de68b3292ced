// The requests a notification service makes, which the runtime carries out (runtime/notifications).

export interface HttpRequest {
  kind: 'http';
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** How the answer counts as delivered: any 2xx, Slack's `{"ok": true}`, Teams' body "1", PagerDuty's 202. */
  accept:
    | 'status2xx'
    | 'slackOk'
    | 'teamsOne'
    | 'status202'
    | 'status200'
    | 'telegramOk'
    | 'pushoverOk'
    | 'rocketchatOk'
    | 'rocketchatPosted'
    | 'anyAnswer'
    | 'pagerdutyApi'
    | 'teamsWorkflows';
  /** A secret the URL carries (Telegram's bot token): written as *** wherever the URL is reported. */
  urlSecret?: string;
  /** The error an answer of this status is reported as (GitHub's 422 on a commit status). */
  statusErrors?: Record<number, string>;
}

export interface EmailRequest {
  kind: 'email';
  host: string;
  port: number;
  username?: string;
  password?: string;
  from: string;
  to: string[];
  subject: string;
  body: string;
  html: boolean;
  /** Argo's insecure_skip_verify: accept any certificate of the mail server. */
  insecureSkipVerify: boolean;
}

/** The same request to several targets (Alertmanager's cluster): sent when any one takes it. */
export interface AnyOfRequest {
  kind: 'anyOf';
  requests: HttpRequest[];
  /** The error when none took it. */
  noneMessage: string;
}

/** A call whose answer makes the next one (Rocket.Chat's login, then the post). */
export interface ChainRequest {
  kind: 'chain';
  first: HttpRequest;
  /** The next call (or calls) from the first one's answer body (the answer already accepted). */
  next: (answer: string) => HttpRequest | ChainRequest;
}
