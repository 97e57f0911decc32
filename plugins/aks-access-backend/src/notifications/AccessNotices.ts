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

const what = (r: StoredRequest) =>
  `${r.level} on ${r.cluster}/${r.namespace} for ${r.principal}`;

/**
 * What approvers and requesters are told, through Backstage's notifications.
 * A notice that cannot be sent never fails the operation that caused it.
 */
export class AccessNotices {
  constructor(
    private readonly logger: LoggerService,
    private readonly notifications?: NotificationService,
  ) {}

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
      title: `Access request: ${what(request)}`,
      description: `${request.requester} asks for ${request.duration}: ${request.justification}`,
      link: linkTo(request.entityRef),
      severity: 'high',
    });
  }

  decided(request: StoredRequest) {
    const approved = request.state === 'approved';
    return this.send([request.requester], undefined, {
      title: `Access request ${approved ? 'approved' : 'denied'}: ${what(
        request,
      )}`,
      description: approved
        ? `Approved by ${
            request.decidedBy
          }; it ends at ${request.expiresAt?.toISOString()}.`
        : `Denied by ${request.decidedBy}${
            request.comment ? `: ${request.comment}` : '.'
          }`,
      link: linkTo(request.entityRef),
    });
  }

  endingSoon(request: StoredRequest) {
    return this.send([request.requester], undefined, {
      title: `Access ends soon: ${what(request)}`,
      description: `It ends at ${request.expiresAt?.toISOString()}. Request it again if you still need it.`,
      link: linkTo(request.entityRef),
    });
  }
}
