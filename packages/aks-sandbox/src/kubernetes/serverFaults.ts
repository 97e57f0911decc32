import type { FaultConfig } from '../context';
import { pickRandomKubeServerError } from '../faults';
import { KubeError } from './errors';
import type { RequestInfo } from './requestInfo';

/*
 * The `kubeErrorRate` fault: the transient 5xx a real API server answers,
 * with its Status bodies. It is drawn when a request arrives and thrown
 * before anything is answered or stored, so a watch is either refused at
 * its start or streams unharmed, and a refused write wrote nothing.
 */

const ETCD_TIMEOUT = 'etcdserver: request timed out';

/** What the storage layer answers when etcd times out (apierrors.NewInternalError). */
export function etcdTimeout(): KubeError {
  return new KubeError(
    500,
    'InternalError',
    `Internal error occurred: ${ETCD_TIMEOUT}`,
    { causes: [{ message: ETCD_TIMEOUT }] },
  );
}

/**
 * What an instance answers once it is shutting down (the WithWaitGroup
 * filter, ahead of authentication): retry after a second, which most likely
 * reaches another instance.
 */
export function shuttingDown(): KubeError {
  return new KubeError(
    503,
    'ServiceUnavailable',
    'apiserver is shutting down',
    undefined,
    { 'Retry-After': '1' },
  );
}

/**
 * The fault this request meets, if any. The shutdown filter lets
 * long-running requests (watches) through, so they meet only the storage
 * error; requests that read no storage (discovery, /version, OpenAPI) only
 * the shutdown.
 */
export function drawServerFault(
  faults: FaultConfig,
  info: RequestInfo,
  random: () => number = Math.random,
): KubeError | undefined {
  const code = pickRandomKubeServerError(faults, random);
  if (!code) return undefined;
  if (info.kind !== 'resource') return shuttingDown();
  return code === 503 && info.verb !== 'watch' ? shuttingDown() : etcdTimeout();
}
