export { aksAccessPlugin as default } from './plugin';
