import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { StoredRequest } from '../requests/AccessRequestStore';

const TOPIC = 'aks-access.access-requests';

/** The entity page's AKS Access tab, where owners decide and requesters see their grant. */
function linkTo(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/aks-access`;
}

/** 4 h, 1 d 2 h, 15 min: how long, as a person says it. */
export function spanInWords(seconds: number): string {
  const minutes = Math.max(1, Math.round(seconds / 60));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return (
    [days && `${days} d`, hours && `${hours} h`, rest && `${rest} min`]
      .filter(Boolean)
      .join(' ') || '1 min'
  );
}

/** 14:36 UTC on 6 Dec 2026: a notification is read wherever its reader is. */
function clockTime(at: Date): string {
  const day = at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${at.toISOString().slice(11, 16)} UTC on ${day}`;
}

/**
 * What approvers and requesters are told, through Backstage's notifications.
 * A notice that cannot be sent never fails the operation that caused it.
 */
export class AccessNotices {
  constructor(
    private readonly logger: LoggerService,
    private readonly notifications?: NotificationService,
    /** A catalog user's or group's display name; the ref where it has none. */
    private readonly nameOf: (entityRef: string) => string = ref => ref,
  ) {}

  private what(r: StoredRequest) {
    return `${r.level} on ${r.namespace} (${r.cluster}) for ${this.nameOf(
      r.principal,
    )}`;
  }

  private ends(request: StoredRequest, now: Date) {
    const at = request.expiresAt!;
    return `ends in ${spanInWords(
      (at.getTime() - now.getTime()) / 1000,
    )}, at ${clockTime(at)}`;
  }

  private async send(
    recipients: string[],
    exclude: string | undefined,
    payload: {
      title: string;
      description: string;
      link: string;
      severity?: 'high' | 'normal' | 'low';
    },
  ) {
    if (!this.notifications || !recipients.length) return;
    try {
      await this.notifications.send({
        recipients: {
          type: 'entity',
          entityRef: recipients,
          ...(exclude ? { excludeEntityRef: exclude } : {}),
        },
        payload: { ...payload, topic: TOPIC },
      });
    } catch (error) {
      this.logger.warn(
        `Could not send the notice "${payload.title}": ${error}`,
      );
    }
  }

  /** To the entity's owners and the platform group, never to the requester. */
  requested(request: StoredRequest, approvers: string[]) {
    return this.send(approvers, request.requester, {
      title: `Access request: ${this.what(request)}`,
      description: `${this.nameOf(request.requester)} asks for ${spanInWords(
        request.durationSeconds,
      )}: ${request.justification}`,
      link: linkTo(request.entityRef),
      severity: 'high',
    });
  }

  decided(request: StoredRequest, now: Date) {
    const approved = request.state === 'approved';
    const decider = this.nameOf(request.decidedBy ?? '');
    return this.send([request.requester], undefined, {
      title: `Access request ${approved ? 'approved' : 'denied'}: ${this.what(
        request,
      )}`,
      description: approved
        ? `Approved by ${decider}; it ${this.ends(request, now)}.`
        : `Denied by ${decider}${
            request.comment ? `: ${request.comment}` : '.'
          }`,
      link: linkTo(request.entityRef),
    });
  }

  endingSoon(request: StoredRequest, now: Date) {
    return this.send([request.requester], undefined, {
      title: `Access ends soon: ${this.what(request)}`,
      description: `It ${this.ends(
        request,
        now,
      )}. Request it again if you still need it.`,
      link: linkTo(request.entityRef),
    });
  }
}
