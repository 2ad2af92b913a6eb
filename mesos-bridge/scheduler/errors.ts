// Typed failures of the scheduler client. Each says what to do next: fix the input or config
// (fatal), wait and retry (transient), or re-subscribe first (not subscribed). None carries a
// credential: messages hold the master's response text and our own words only.

/** Bad argument or option, found before anything is sent. */
export class SchedulerInputError extends Error {
  override readonly name = 'SchedulerInputError';
  constructor(
    readonly field: string,
    readonly problem: string
  ) {
    super(`${field}: ${problem}`);
  }
}

/** A call was attempted while no subscription is active (the master would answer 403). */
export class NotSubscribedError extends Error {
  override readonly name = 'NotSubscribedError';
  constructor(readonly callType: string) {
    super(`cannot send ${callType}: the scheduler is not subscribed`);
  }
}

/** Base of every non-success HTTP answer from the master. */
export class MesosHttpError extends Error {
  override name = 'MesosHttpError';
  constructor(
    readonly callType: string,
    readonly status: number,
    /** The master's plain-text body (trimmed, truncated). */
    readonly masterMessage: string,
    readonly url: string
  ) {
    super(`${callType} to ${url} failed with HTTP ${status}${masterMessage ? `: ${masterMessage}` : ''}`);
  }
  /** True when waiting and retrying can succeed. */
  get transient(): boolean {
    return this.status >= 500;
  }
}

/** 400: the master refused the call as malformed or invalid; its text says why. */
export class MesosBadRequestError extends MesosHttpError {
  override name = 'MesosBadRequestError';
  /** "Framework cannot be found": the id is unknown (torn down or failover timeout expired); not transient. */
  get frameworkNotFound(): boolean {
    return this.masterMessage.includes('Framework cannot be found');
  }
}

/** 401: credentials missing or wrong. The secret is never part of the message. */
export class MesosUnauthorizedError extends MesosHttpError {
  override name = 'MesosUnauthorizedError';
  constructor(callType: string, masterMessage: string, url: string, principal: string | undefined) {
    super(callType, 401, masterMessage, url);
    this.message = `${callType} to ${url} was refused with HTTP 401 Unauthorized: ${
      principal === undefined ? 'no credentials configured' : `credentials of principal '${principal}' were rejected`
    }`;
  }
}

/** 403: the master does not consider this framework subscribed; the client re-subscribes. */
export class MesosForbiddenError extends MesosHttpError {
  override name = 'MesosForbiddenError';
}

/** 503: master recovering or no leader elected; retry later. */
export class MesosUnavailableError extends MesosHttpError {
  override name = 'MesosUnavailableError';
}

/** 307 with no usable Location, or more redirects than allowed. */
export class MesosRedirectError extends MesosHttpError {
  override name = 'MesosRedirectError';
  override get transient(): boolean {
    return true;
  }
}

/** No answer (connection refused, reset, TLS failure) or no answer in time. */
export class MesosConnectionError extends Error {
  override readonly name = 'MesosConnectionError';
  constructor(
    readonly callType: string,
    readonly url: string,
    override readonly cause: Error,
    readonly timedOut = false,
    /** The request went out on a pooled keep-alive socket the master had already closed. */
    readonly staleSocket = false
  ) {
    super(`${callType} to ${url} ${timedOut ? 'timed out' : `failed: ${cause.message}`}`);
  }
}

/** The master answered SUBSCRIBE but the stream broke its protocol (no stream id, bad record). */
export class MesosProtocolError extends Error {
  override readonly name = 'MesosProtocolError';
  constructor(
    readonly url: string,
    readonly problem: string
  ) {
    super(`subscription stream from ${url}: ${problem}`);
  }
}

/** ERROR event "Framework has been removed": the FrameworkID is dead for good. */
export class FrameworkRemovedError extends Error {
  override readonly name = 'FrameworkRemovedError';
  constructor(
    readonly frameworkId: string | undefined,
    readonly masterMessage: string
  ) {
    super(
      `the master removed framework ${frameworkId ?? '(new)'}: ${masterMessage}; ` +
        'its id can never subscribe again (clear the stored FrameworkID to register a new framework)'
    );
  }
}

const MAX_MESSAGE = 500;

export function trimMasterText(body: Buffer | string): string {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).trim();
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** Maps a non-2xx answer to its typed error. */
export function httpErrorFor(
  callType: string,
  status: number,
  body: Buffer | string,
  url: string,
  principal: string | undefined
): MesosHttpError {
  const text = trimMasterText(body);
  switch (status) {
    case 400:
      return new MesosBadRequestError(callType, status, text, url);
    case 401:
      return new MesosUnauthorizedError(callType, text, url, principal);
    case 403:
      return new MesosForbiddenError(callType, status, text, url);
    case 503:
      return new MesosUnavailableError(callType, status, text, url);
    case 307:
      return new MesosRedirectError(callType, status, text, url);
    default:
      return new MesosHttpError(callType, status, text, url);
  }
}
