/**
 * AKS Access for the new frontend system.
 *
 * @packageDocumentation
 */

export { default } from './alpha/plugin';
